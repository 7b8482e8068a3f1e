package com.sprintrr.keys.settings;

import java.time.Instant;

/** A stored key as the owner sees it: the hint, never the key. */
public record KeySummary(String provider, String hint, String model, Instant validatedAt, Instant updatedAt) {
}
