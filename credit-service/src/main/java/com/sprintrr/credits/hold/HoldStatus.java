package com.sprintrr.credits.hold;

import java.util.Locale;

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

    public static HoldStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
