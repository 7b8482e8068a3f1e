package com.sprintrr.credits.account;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.NewEntry;

/**
 * Starts an account's current period: tops the balance up to the plan's allowance (never down)
 * and moves the period. Idempotent twice over: nothing happens before the period ends, and the
 * allowance grant carries the period as its key, so one period is granted at most once.
 */
@Singleton
public class Renewer {

    private final CreditRules rules;
    private final Accounts accounts;
    private final Ledger ledger;

    @Inject
    public Renewer(CreditRules rules, Accounts accounts, Ledger ledger) {
        this.rules = rules;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** Renews a locked account whose period has ended by {@code now}; returns it as it is afterwards. */
    public Account renewIfDue(Connection c, Account locked, Instant now) throws SQLException {
        if (!locked.periodEndedBy(now)) {
            return locked;
        }
        BillingPeriod period = BillingPeriod.containing(locked.billingAnchor(), now);
        long allowance = rules.allowance(locked.plan());
        accounts.startPeriod(c, locked.accountId(), period, allowance);
        long balance = locked.balance();
        long granted = 0;
        long topUp = allowance - balance;
        if (topUp > 0 && ledger.appendOnce(c, NewEntry.grant(locked.accountId(), topUp,
                "monthly allowance (" + locked.plan() + ")", period.allowanceKey())).isPresent()) {
            accounts.addAllowance(c, locked.accountId(), topUp);
            balance += topUp;
            granted = topUp;
        }
        return new Account(locked.accountId(), locked.plan(), balance, locked.held(), locked.billingAnchor(),
                period.start(), period.end(), granted, allowance);
    }
}
