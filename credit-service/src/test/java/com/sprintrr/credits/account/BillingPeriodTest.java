package com.sprintrr.credits.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Monthly periods counted from the anchor, without drift. */
class BillingPeriodTest {

    private static final Instant ANCHOR = Instant.parse("2025-01-31T10:00:00Z");

    @Test
    void theFirstPeriodStartsAtTheAnchor() {
        assertEquals(new BillingPeriod(ANCHOR, Instant.parse("2025-02-28T10:00:00Z")),
                BillingPeriod.containing(ANCHOR, ANCHOR));
    }

    @Test
    void aShortMonthDoesNotMoveLaterPeriods() {
        assertEquals(new BillingPeriod(Instant.parse("2025-02-28T10:00:00Z"), Instant.parse("2025-03-31T10:00:00Z")),
                BillingPeriod.containing(ANCHOR, Instant.parse("2025-03-01T00:00:00Z")));
        assertEquals(new BillingPeriod(Instant.parse("2025-03-31T10:00:00Z"), Instant.parse("2025-04-30T10:00:00Z")),
                BillingPeriod.containing(ANCHOR, Instant.parse("2025-03-31T10:00:00Z")));
    }

    @Test
    void skipsMonthsNobodyTouchedTheAccount() {
        assertEquals(new BillingPeriod(Instant.parse("2025-12-31T10:00:00Z"), Instant.parse("2026-01-31T10:00:00Z")),
                BillingPeriod.containing(ANCHOR, Instant.parse("2026-01-15T00:00:00Z")));
    }
}
