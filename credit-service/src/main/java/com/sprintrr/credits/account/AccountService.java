package com.sprintrr.credits.account;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.sprintrr.credits.CreditProblems;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.ledger.EntryType;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.LedgerEntry;
import com.sprintrr.credits.ledger.NewEntry;
import com.sprintrr.platform.db.Sql;

/** Reads and changes accounts: views, internal grants and plan changes. An account is created on first touch. */
@ApplicationScoped
public class AccountService {

    /** The largest credit change one grant may make, to catch typos of a few zeros. */
    public static final long MAX_GRANT = 1_000_000_000L;

    private final Sql sql;
    private final CreditRules rules;
    private final Accounts accounts;
    private final Ledger ledger;
    private final Renewer renewer;

    @Inject
    AccountService(Sql sql, CreditRules rules, Accounts accounts, Ledger ledger, Renewer renewer) {
        this.sql = sql;
        this.rules = rules;
        this.accounts = accounts;
        this.ledger = ledger;
        this.renewer = renewer;
    }

    /** A grant and whether this call made it (false: the Idempotency-Key had been used already). */
    public record Grant(LedgerEntry entry, boolean created) {
    }

    /** The account as it is now, created if new and renewed if its period has ended. */
    @Transactional
    public Account view(String accountId) {
        return sql.run("read an account", c -> open(c, accountId, Instant.now()));
    }

    /** The account's newest ledger entries. */
    @Transactional
    public List<LedgerEntry> ledger(String accountId, int limit) {
        return sql.run("read an account's ledger", c -> {
            open(c, accountId, Instant.now());
            return ledger.newest(c, accountId, limit);
        });
    }

    /**
     * Adds credits (a {@code grant}) or takes them back (a negative {@code adjustment}, refused when it
     * would take {@code available} below zero). With an idempotency key a retried call grants once and
     * gets the first entry back; the key is bound to the body it was first used with (credits and
     * reason), so reusing it for another grant is refused with 422 {@code idempotency_key_reused}.
     */
    @Transactional
    public Grant grant(String accountId, long credits, String reason, String idempotencyKey) {
        return sql.run("grant credits", c -> {
            Account account = openLocked(c, accountId, Instant.now());
            String key = idempotencyKey == null ? null : "request:" + idempotencyKey;
            if (key != null) {
                Optional<LedgerEntry> earlier = ledger.findByGrantKey(c, accountId, key);
                if (earlier.isPresent()) {
                    if (earlier.get().amount() != credits || !Objects.equals(earlier.get().reason(), reason)) {
                        throw CreditProblems.idempotencyKeyReused();
                    }
                    return new Grant(earlier.get(), false);
                }
            }
            if (credits < 0 && account.available() < -credits) {
                throw CreditProblems.insufficientCredits(account.available(), -credits);
            }
            EntryType type = credits > 0 ? EntryType.GRANT : EntryType.ADJUSTMENT;
            LedgerEntry entry = ledger.appendOnce(c, new NewEntry(accountId, type, credits, null, reason, key))
                    .orElseThrow(() -> new IllegalStateException("grant key taken under the account lock"));
            accounts.changeBalance(c, accountId, credits);
            return new Grant(entry, true);
        });
    }

    /**
     * Moves the account to another plan now, keeping the period; the next renewal uses the new plan.
     * A change never mints credits: the period's allowance plus its plan-change top-ups stay within
     * the allowance of the highest plan held in the period. So a move to a plan with a higher
     * allowance tops the balance up towards it only by what that highest allowance has not granted
     * yet, and a downgrade grants nothing and takes nothing.
     */
    @Transactional
    public Account changePlan(String accountId, String plan) {
        if (!rules.knowsPlan(plan)) {
            throw CreditProblems.unknownPlan(rules.plans().keySet());
        }
        return sql.run("change an account's plan", c -> {
            Account account = openLocked(c, accountId, Instant.now());
            if (account.plan().equals(plan)) {
                return account;
            }
            long allowance = rules.allowance(plan);
            // The current plan is held in this period too; its allowance may be higher than the stored
            // peak when the configuration changed or the row predates V2.
            long peak = Math.max(Math.max(account.periodPeakAllowance(), rules.allowance(account.plan())), allowance);
            // Only a move to a larger allowance tops up: a downgrade grants nothing, even below its allowance.
            long topUp = allowance > rules.allowance(account.plan())
                    ? Math.min(allowance - account.balance(), peak - account.periodGranted())
                    : 0;
            accounts.setPlan(c, accountId, plan, peak);
            // The key names the period and the running total it brings the period to: two top-ups of
            // one period can never share it, and a duplicate of this one can never pass the unique index.
            if (topUp > 0 && ledger.appendOnce(c, NewEntry.grant(accountId, topUp, "plan change to " + plan,
                    "plan:" + account.periodStart() + ":" + (account.periodGranted() + topUp))).isPresent()) {
                accounts.addAllowance(c, accountId, topUp);
            }
            return accounts.find(c, accountId).orElseThrow();
        });
    }

    /** Creates the account if new and renews it if due, without holding its lock when nothing is due. */
    Account open(Connection c, String accountId, Instant now) throws SQLException {
        accounts.ensure(c, List.of(accountId), now);
        Account account = accounts.find(c, accountId).orElseThrow();
        return account.periodEndedBy(now) ? openLocked(c, accountId, now) : account;
    }

    /**
     * Creates the account if new, locks it until the transaction ends and renews it if due. An
     * existing account (the usual case) costs one statement; a new one is created first (a racing
     * creator's insert is waited for by the conflict check) and then locked.
     */
    public Account openLocked(Connection c, String accountId, Instant now) throws SQLException {
        Optional<Account> existing = accounts.lockOne(c, accountId);
        if (existing.isEmpty()) {
            accounts.ensure(c, List.of(accountId), now);
            existing = accounts.lockOne(c, accountId);
        }
        return renewer.renewIfDue(c, existing.orElseThrow(), now);
    }
}
