package com.sprintrr.keys.persistence;

import java.time.Instant;

import com.sprintrr.providers.Provider;

/** A stored key as users may see it: everything but the ciphertext, with its health (status ok|rejected). */
public record KeyRow(Provider provider, String hint, String model, Instant validatedAt, Instant updatedAt,
        String status, Instant lastUsedAt, Instant lastFailureAt, String lastFailureCode) {
}
