package com.sprintrr.credits.ledger;

import java.util.Locale;
import java.util.Optional;

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

    /** The type with exactly this lowercase id; empty for null or anything else. */
    public static Optional<EntryType> fromId(String id) {
        for (EntryType type : values()) {
            if (type.id().equals(id)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
