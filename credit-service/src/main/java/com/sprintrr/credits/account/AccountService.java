package com.sprintrr.credits.account;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;

import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.ledger.EntryType;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.LedgerEntry;
import com.sprintrr.credits.ledger.NewEntry;
import com.sprintrr.credits.persistence.DatabaseFailure;
import com.sprintrr.credits.renewal.Renewer;
import com.sprintrr.platform.problem.ProblemException;

/** Reads and changes accounts: views, internal grants and plan changes. An account is created on first touch. */
@ApplicationScoped
public class AccountService {

    /** The largest credit change one grant may make, to catch typos of a few zeros. */
    public static final long MAX_GRANT = 1_000_000_000L;

    @Inject
    DataSource dataSource;
    @Inject
    CreditRules rules;
    @Inject
    Accounts accounts;
    @Inject
    Ledger ledger;
    @Inject
    Renewer renewer;

    /** A grant and whether this call made it (false: the Idempotency-Key had been used already). */
    public record Grant(LedgerEntry entry, boolean created) {
    }

    /** The account as it is now, created if new and renewed if its period has ended. */
    @Transactional
    public Account view(String accountId) {
        try (Connection c = dataSource.getConnection()) {
            return open(c, accountId, Instant.now());
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** The account's newest ledger entries. */
    @Transactional
    public List<LedgerEntry> ledger(String accountId, int limit) {
        try (Connection c = dataSource.getConnection()) {
            open(c, accountId, Instant.now());
            return ledger.newest(c, accountId, limit);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Adds credits (a {@code grant}) or takes them back (a negative {@code adjustment}, refused when it
     * would take {@code available} below zero). With an idempotency key a retried call grants once.
     */
    @Transactional
    public Grant grant(String accountId, long credits, String reason, String idempotencyKey) {
        try (Connection c = dataSource.getConnection()) {
            Account account = openLocked(c, accountId, Instant.now());
            String key = idempotencyKey == null ? null : "request:" + idempotencyKey;
            if (key != null) {
                Optional<LedgerEntry> earlier = ledger.findByGrantKey(c, accountId, key);
                if (earlier.isPresent()) {
                    return new Grant(earlier.get(), false);
                }
            }
            if (credits < 0 && account.available() < -credits) {
                throw insufficientCredits(account.available(), -credits);
            }
            EntryType type = credits > 0 ? EntryType.GRANT : EntryType.ADJUSTMENT;
            LedgerEntry entry = ledger.appendOnce(c, new NewEntry(accountId, type, credits, null, reason, key))
                    .orElseThrow(() -> new IllegalStateException("grant key taken under the account lock"));
            accounts.changeBalance(c, accountId, credits);
            return new Grant(entry, true);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Moves the account to another plan now. An upgrade tops the balance up to the new allowance at
     * once (at most once per plan and period); a downgrade takes nothing away. The period is kept;
     * the next renewal uses the new plan.
     */
    @Transactional
    public Account changePlan(String accountId, String plan) {
        if (!rules.knowsPlan(plan)) {
            throw new ProblemException(400, "unknown_plan", "Unknown plan",
                    "Plans are " + String.join(", ", rules.plans().keySet()) + ".");
        }
        try (Connection c = dataSource.getConnection()) {
            Account account = openLocked(c, accountId, Instant.now());
            if (account.plan().equals(plan)) {
                return account;
            }
            accounts.setPlan(c, accountId, plan);
            long topUp = rules.allowance(plan) - account.balance();
            if (topUp > 0 && ledger.appendOnce(c, NewEntry.grant(accountId, topUp, "plan change to " + plan,
                    "plan:" + plan + ":" + account.periodStart())).isPresent()) {
                accounts.changeBalance(c, accountId, topUp);
            }
            return accounts.find(c, accountId).orElseThrow();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Creates the account if new and renews it if due, without holding its lock when nothing is due. */
    Account open(Connection c, String accountId, Instant now) throws SQLException {
        accounts.ensure(c, List.of(accountId), now);
        Account account = accounts.find(c, accountId).orElseThrow();
        return account.periodEndedBy(now) ? openLocked(c, accountId, now) : account;
    }

    /** Creates the account if new, locks it until the transaction ends and renews it if due. */
    public Account openLocked(Connection c, String accountId, Instant now) throws SQLException {
        accounts.ensure(c, List.of(accountId), now);
        Account account = accounts.lockOne(c, accountId).orElseThrow();
        return renewer.renewIfDue(c, account, now);
    }

    /** 402 {@code insufficient_credits} with what is available and what was required. */
    public static ProblemException insufficientCredits(long available, long required) {
        return new ProblemException(402, "insufficient_credits", "Insufficient credits",
                "This needs " + required + " credits; " + Math.max(available, 0) + " are available.")
                .with("available", available)
                .with("required", required);
    }
}
