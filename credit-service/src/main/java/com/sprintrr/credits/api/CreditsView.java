package com.sprintrr.credits.api;

import java.time.Instant;

import com.sprintrr.credits.account.Account;
import com.sprintrr.credits.config.CreditRules;

/** The body of {@code GET /v1/credits} and its internal twin. */
public record CreditsView(String plan, long balance, long held, long available, long monthlyAllowance,
        Instant periodStart, Instant periodEnd) {

    static CreditsView of(Account account, CreditRules rules) {
        return new CreditsView(account.plan(), account.balance(), account.held(), account.available(),
                rules.allowance(account.plan()), account.periodStart(), account.periodEnd());
    }
}
