package com.sprintrr.credits.api;

import java.time.Instant;
import java.util.UUID;

import com.sprintrr.credits.hold.Hold;

/** A hold as generation-service sees it. */
public record HoldView(UUID generationId, long amount, String status, Instant expiresAt) {

    static HoldView of(Hold hold) {
        return new HoldView(hold.generationId(), hold.amount(), hold.status().id(), hold.expiresAt());
    }
}
