package com.sprintrr.credits.account;

import java.time.Instant;

/**
 * A credit account as stored: {@code balance} is the ledger's sum, {@code held} what open holds reserve;
 * {@code periodGranted} is what the period's allowance and plan-change top-ups granted so far and
 * {@code periodPeakAllowance} the highest allowance of the plans held in the period (V2 migration).
 */
public record Account(String accountId, String plan, long balance, long held, Instant billingAnchor,
        Instant periodStart, Instant periodEnd, long periodGranted, long periodPeakAllowance) {

    /** What a new hold may still reserve. */
    public long available() {
        return balance - held;
    }

    public BillingPeriod period() {
        return new BillingPeriod(periodStart, periodEnd);
    }

    public boolean periodEndedBy(Instant now) {
        return !periodEnd.isAfter(now);
    }
}
