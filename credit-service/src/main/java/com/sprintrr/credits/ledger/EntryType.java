package com.sprintrr.credits.ledger;

import java.util.Locale;

/** What a ledger entry records. */
public enum EntryType {
    /** Credits added: the period's allowance, a plan upgrade's top-up, an internal grant. */
    GRANT,
    /** Credits spent by one generation (negative). */
    DEBIT,
    /** A hold ended without a charge (amount 0: held credits were never taken from the balance). */
    RELEASE,
    /** A manual correction through the internal grants endpoint (negative credits). */
    ADJUSTMENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryType fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
