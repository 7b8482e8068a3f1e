package com.sprintrr.credits.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A monthly period of an account, counted from its billing anchor (period k starts at anchor + k
 * months, in UTC), so a period starting on the 31st does not drift to the 28th for good.
 */
public record BillingPeriod(Instant start, Instant end) {

    /** The period that contains {@code now} (the first one if {@code now} is before the anchor). */
    public static BillingPeriod containing(Instant anchor, Instant now) {
        ZonedDateTime a = anchor.atZone(ZoneOffset.UTC);
        long k = Math.max(0, ChronoUnit.MONTHS.between(a, now.atZone(ZoneOffset.UTC)));
        while (k > 0 && a.plusMonths(k).toInstant().isAfter(now)) {
            k--;
        }
        while (!a.plusMonths(k + 1).toInstant().isAfter(now)) {
            k++;
        }
        return new BillingPeriod(a.plusMonths(k).toInstant(), a.plusMonths(k + 1).toInstant());
    }

    /** The grant key of this period's allowance: one allowance grant per account and period. */
    public String allowanceKey() {
        return "period:" + start;
    }
}
