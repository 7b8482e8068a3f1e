package com.sprintrr.credits.hold;

import java.time.Instant;
import java.util.UUID;

import com.sprintrr.credits.config.Mode;

/** Credits reserved for one generation on the credits path. */
public record Hold(UUID generationId, String accountId, Mode mode, long amount, HoldStatus status, Instant expiresAt) {
}
