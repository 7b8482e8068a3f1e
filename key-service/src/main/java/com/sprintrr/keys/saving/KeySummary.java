package com.sprintrr.keys.saving;

import java.time.Instant;

/**
 * A stored key as the owner sees it: the hint, never the key, and its health: status ok|rejected,
 * when it last ran a generation, and its last failure (the contract's code).
 */
public record KeySummary(String provider, String hint, String model, Instant validatedAt, Instant updatedAt,
        String status, Instant lastUsedAt, Instant lastFailureAt, String lastFailureCode) {
}
