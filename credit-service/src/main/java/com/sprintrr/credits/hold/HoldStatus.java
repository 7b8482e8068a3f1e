package com.sprintrr.credits.hold;

import java.util.Locale;
import java.util.Optional;

/** Where a hold is in its life: open, or settled one of three ways. */
public enum HoldStatus {
    /** Reserving credits until its generation completes or it expires. */
    HELD,
    /** Charged: its amount was debited. */
    CAPTURED,
    /** The generation failed: nothing was charged. */
    RELEASED,
    /** No event settled it in time; the sweeper gave its credits back (a late success is charged what is available). */
    EXPIRED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with exactly this lowercase id; empty for null or anything else. */
    public static Optional<HoldStatus> fromId(String id) {
        for (HoldStatus status : values()) {
            if (status.id().equals(id)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
