package com.sprintrr.credits.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;

/** Reads (and, to set up a scene, bends) the service's tables directly, to check what the API does not show. */
@ApplicationScoped
public class LedgerProbe {

    @Inject
    DataSource dataSource;

    /** A ledger entry as stored. */
    public record Entry(String type, long amount, UUID generationId, String reason, String grantKey) {
    }

    /** Everything about an account that settlement could change, for before/after comparisons. */
    public record Snapshot(long balance, long held, List<Entry> entries, Map<UUID, String> holds, int processed) {
    }

    public long balance(String accountId) {
        return queryLong("SELECT balance FROM accounts WHERE account_id = ?", accountId);
    }

    public long held(String accountId) {
        return queryLong("SELECT held FROM accounts WHERE account_id = ?", accountId);
    }

    public boolean processed(UUID generationId) {
        return queryLong("SELECT count(*) FROM processed_events WHERE generation_id = ?", generationId) == 1;
    }

    /** Credits of the generation's charge recorded as uncollectable (0 when none). */
    public long uncollectable(UUID generationId) {
        return queryLong("SELECT coalesce(sum(amount), 0) FROM uncollectable_charges WHERE generation_id = ?", generationId);
    }

    /** The account's {@code balance - held}, read in one statement. */
    public long available(String accountId) {
        return queryLong("SELECT balance - held FROM accounts WHERE account_id = ?", accountId);
    }

    public String holdStatus(UUID generationId) {
        return queryString("SELECT status FROM holds WHERE generation_id = ?", generationId);
    }

    public boolean accountExists(String accountId) {
        return queryLong("SELECT count(*) FROM accounts WHERE account_id = ?", accountId) == 1;
    }

    /** The account's entries, oldest first. */
    public List<Entry> entries(String accountId) {
        List<Entry> entries = new ArrayList<>();
        run("SELECT type, amount, generation_id, reason, grant_key FROM ledger_entries WHERE account_id = ? ORDER BY entry_no",
                rs -> entries.add(new Entry(rs.getString(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5))), accountId);
        return entries;
    }

    public List<Entry> entries(UUID generationId) {
        List<Entry> entries = new ArrayList<>();
        run("SELECT type, amount, generation_id, reason, grant_key FROM ledger_entries WHERE generation_id = ? ORDER BY entry_no",
                rs -> entries.add(new Entry(rs.getString(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5))), generationId);
        return entries;
    }

    public Snapshot snapshot(String accountId) {
        Map<UUID, String> holds = new TreeMap<>();
        run("SELECT generation_id, status FROM holds WHERE account_id = ?",
                rs -> holds.put(rs.getObject(1, UUID.class), rs.getString(2)), accountId);
        return new Snapshot(balance(accountId), held(accountId), entries(accountId), holds,
                (int) queryLong("SELECT count(*) FROM processed_events WHERE account_id = ?", accountId));
    }

    /**
     * Asserts the ledger's invariants for the account: the stored balance is the sum of its entries
     * and the stored held amount is the sum of its open holds.
     */
    public void assertConsistent(String accountId) {
        assertEquals(queryLong("SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE account_id = ?", accountId),
                balance(accountId), "balance = sum of the ledger for " + accountId);
        assertEquals(queryLong("SELECT coalesce(sum(amount), 0) FROM holds WHERE account_id = ? AND status = 'held'", accountId),
                held(accountId), "held = sum of open holds for " + accountId);
    }

    /** Number of accounts, over the whole database, whose stored balance or held amount disagrees with the rows. */
    public long inconsistentAccounts() {
        return queryLong("""
                SELECT count(*) FROM accounts a
                WHERE a.balance <> (SELECT coalesce(sum(amount), 0) FROM ledger_entries l WHERE l.account_id = a.account_id)
                   OR a.held <> (SELECT coalesce(sum(amount), 0) FROM holds h WHERE h.account_id = a.account_id AND h.status = 'held')
                """);
    }

    /** Makes the hold due for the sweeper. */
    public void expireHold(UUID generationId) {
        update("UPDATE holds SET expires_at = now() - interval '1 second' WHERE generation_id = ?", generationId);
    }

    /** Moves the account's anchor and period back so its period ended a day ago (a month has passed). */
    public void endPeriod(String accountId) {
        update("""
                UPDATE accounts SET billing_anchor = billing_anchor - interval '1 month 1 day',
                    period_start = period_start - interval '1 month 1 day', period_end = period_end - interval '1 month 1 day'
                WHERE account_id = ?
                """, accountId);
    }

    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql, Object... args) {
        long[] value = {0};
        run(sql, rs -> value[0] = rs.getLong(1), args);
        return value[0];
    }

    private String queryString(String sql, Object... args) {
        String[] value = {null};
        run(sql, rs -> value[0] = rs.getString(1), args);
        return value[0];
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void run(String sql, Row row, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }
}
