package com.sprintrr.credits.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.NewEntry;
import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;

/**
 * Account rows. Every method that locks several accounts locks them in account id order, the one
 * order every writer (holds, settlement, sweeper, renewal) uses, so they cannot deadlock each other.
 */
@Singleton
public class Accounts {

    private static final String COLUMNS = "account_id, plan, balance, held, billing_anchor, period_start, period_end,"
            + " period_granted, period_peak_allowance";

    private final CreditRules rules;
    private final Ledger ledger;

    @Inject
    public Accounts(CreditRules rules, Ledger ledger) {
        this.rules = rules;
        this.ledger = ledger;
    }

    /** Balance and held changes for one account, applied with the others in one statement. */
    public record Delta(long balance, long held) {

        public Delta plus(long balanceChange, long heldChange) {
            return new Delta(balance + balanceChange, held + heldChange);
        }
    }

    /**
     * Creates the accounts that do not exist yet, on the default plan with its allowance granted for
     * a first period starting now; returns the ids it created.
     */
    public Set<String> ensure(Connection c, Collection<String> accountIds, Instant now) throws SQLException {
        Instant anchor = now.truncatedTo(ChronoUnit.SECONDS);
        BillingPeriod period = BillingPeriod.containing(anchor, anchor);
        String plan = rules.defaultPlan();
        long allowance = rules.allowance(plan);
        Set<String> created = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO accounts (account_id, plan, balance, billing_anchor, period_start, period_end,
                    period_granted, period_peak_allowance)
                SELECT id, ?, ?, ?, ?, ?, ?, ? FROM unnest(?::text[]) AS t(id) ORDER BY id
                ON CONFLICT (account_id) DO NOTHING
                RETURNING account_id
                """)) {
            s.setString(1, plan);
            s.setLong(2, allowance);
            s.setTimestamp(3, SqlValues.timestamp(anchor));
            s.setTimestamp(4, SqlValues.timestamp(period.start()));
            s.setTimestamp(5, SqlValues.timestamp(period.end()));
            s.setLong(6, allowance);
            s.setLong(7, allowance);
            s.setArray(8, SqlValues.texts(c, new TreeSet<>(accountIds)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    created.add(rs.getString(1));
                }
            }
        }
        if (allowance > 0 && !created.isEmpty()) {
            List<NewEntry> grants = new ArrayList<>(created.size());
            for (String id : created) {
                grants.add(NewEntry.grant(id, allowance, "monthly allowance (" + plan + ")", period.allowanceKey()));
            }
            ledger.append(c, grants);
        }
        return created;
    }

    /**
     * Locks the existing accounts among the ids, in id order; returns what each locked one has
     * available ({@code balance - held}), which settlement must not take below zero.
     */
    public Map<String, Long> lockAvailable(Connection c, Collection<String> accountIds) throws SQLException {
        Map<String, Long> available = new TreeMap<>();
        if (accountIds.isEmpty()) {
            return available;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT account_id, balance - held FROM accounts"
                + " WHERE account_id = ANY(?) ORDER BY account_id FOR UPDATE")) {
            s.setArray(1, SqlValues.texts(c, accountIds));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    available.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return available;
    }

    /**
     * Locks the existing accounts among the ids, in id order, skipping those another transaction
     * holds (for jobs that run on several replicas); returns the ids it locked.
     */
    public Set<String> lockUnlessBusy(Connection c, Collection<String> accountIds) throws SQLException {
        Set<String> locked = new LinkedHashSet<>();
        if (accountIds.isEmpty()) {
            return locked;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT account_id FROM accounts WHERE account_id = ANY(?) ORDER BY account_id FOR UPDATE SKIP LOCKED")) {
            s.setArray(1, SqlValues.texts(c, accountIds));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    locked.add(rs.getString(1));
                }
            }
        }
        return locked;
    }

    public Optional<Account> find(Connection c, String accountId) throws SQLException {
        return findOne(c, accountId, "");
    }

    /** Reads the account and locks it until the transaction ends. */
    public Optional<Account> lockOne(Connection c, String accountId) throws SQLException {
        return findOne(c, accountId, " FOR UPDATE");
    }

    private Optional<Account> findOne(Connection c, String accountId, String lock) throws SQLException {
        return Sql.first(c, "SELECT " + COLUMNS + " FROM accounts WHERE account_id = ?" + lock,
                s -> s.setString(1, accountId), Accounts::read);
    }

    /** Locks up to {@code limit} accounts whose period has ended, skipping those another transaction holds. */
    public List<Account> lockDue(Connection c, Instant now, int limit) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS
                + " FROM accounts WHERE period_end <= ? ORDER BY account_id LIMIT ? FOR UPDATE SKIP LOCKED", s -> {
                    s.setTimestamp(1, SqlValues.timestamp(now));
                    s.setInt(2, limit);
                }, Accounts::read);
    }


    /** Applies per-account balance and held changes with one statement; the accounts must be locked. */
    public void apply(Connection c, Map<String, Delta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(deltas.size());
        List<Long> balances = new ArrayList<>(deltas.size());
        List<Long> helds = new ArrayList<>(deltas.size());
        deltas.forEach((id, delta) -> {
            ids.add(id);
            balances.add(delta.balance());
            helds.add(delta.held());
        });
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE accounts a SET balance = a.balance + d.balance, held = a.held + d.held, updated_at = now()
                FROM unnest(?::text[], ?::int8[], ?::int8[]) AS d(account_id, balance, held)
                WHERE a.account_id = d.account_id
                """)) {
            s.setArray(1, SqlValues.texts(c, ids));
            s.setArray(2, SqlValues.longs(c, balances));
            s.setArray(3, SqlValues.longs(c, helds));
            s.executeUpdate();
        }
    }

    public void changeBalance(Connection c, String accountId, long credits) throws SQLException {
        apply(c, Map.of(accountId, new Delta(credits, 0)));
    }

    /** Moves a locked account to another plan, keeping the period; {@code peakAllowance} is the period's new peak. */
    public void setPlan(Connection c, String accountId, String plan, long peakAllowance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE accounts SET plan = ?, period_peak_allowance = ?, updated_at = now() WHERE account_id = ?")) {
            s.setString(1, plan);
            s.setLong(2, peakAllowance);
            s.setString(3, accountId);
            s.executeUpdate();
        }
    }

    /**
     * Adds an allowance grant (a period's allowance or a plan-change top-up) already written to the
     * ledger to a locked account's balance and to what its period has granted.
     */
    public void addAllowance(Connection c, String accountId, long credits) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE accounts SET balance = balance + ?, period_granted = period_granted + ?, updated_at = now()
                WHERE account_id = ?
                """)) {
            s.setLong(1, credits);
            s.setLong(2, credits);
            s.setString(3, accountId);
            s.executeUpdate();
        }
    }

    /** Starts a new period on a locked account: nothing granted in it yet, the plan's allowance as its peak. */
    public void startPeriod(Connection c, String accountId, BillingPeriod period, long peakAllowance) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE accounts SET period_start = ?, period_end = ?, period_granted = 0, period_peak_allowance = ?,
                    updated_at = now()
                WHERE account_id = ?
                """)) {
            s.setTimestamp(1, SqlValues.timestamp(period.start()));
            s.setTimestamp(2, SqlValues.timestamp(period.end()));
            s.setLong(3, peakAllowance);
            s.setString(4, accountId);
            s.executeUpdate();
        }
    }

    private static Account read(ResultSet rs) throws SQLException {
        return new Account(rs.getString("account_id"), rs.getString("plan"), rs.getLong("balance"), rs.getLong("held"),
                SqlValues.instant(rs.getTimestamp("billing_anchor")), SqlValues.instant(rs.getTimestamp("period_start")),
                SqlValues.instant(rs.getTimestamp("period_end")), rs.getLong("period_granted"),
                rs.getLong("period_peak_allowance"));
    }
}
