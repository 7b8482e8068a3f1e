package com.sprintrr.credits.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.platform.db.Sql;
import com.sprintrr.testing.Await;

/** Reads (and, to set up a scene, bends) the service's tables directly, to check what the API does not show. */
@ApplicationScoped
public class LedgerProbe {

    private static final String ENTRY_COLUMNS = "type, amount, generation_id, reason, grant_key";

    private final Sql sql;

    @Inject
    LedgerProbe(Sql sql) {
        this.sql = sql;
    }

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

    /** Waits until each generation's event is settled: its dedupe record is committed. */
    public void awaitSettled(UUID... generationIds) {
        Await.until("the events to be settled", () -> Arrays.stream(generationIds).allMatch(this::processed));
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
        return entriesWhere("account_id", accountId);
    }

    public List<Entry> entries(UUID generationId) {
        return entriesWhere("generation_id", generationId);
    }

    public Snapshot snapshot(String accountId) {
        Map<UUID, String> holds = new TreeMap<>();
        sql.list("read the account's holds", "SELECT generation_id, status FROM holds WHERE account_id = ?",
                bind(accountId),
                rs -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .forEach(hold -> holds.put(hold.getKey(), hold.getValue()));
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

    public void execute(String statement) {
        sql.update("run a test statement", statement, Sql.NO_PARAMETERS);
    }

    /** The first column of the first row as a number; 0 when there is no row. */
    public long queryLong(String query, Object... args) {
        return sql.first("probe a number", query, bind(args), rs -> rs.getLong(1)).orElse(0L);
    }

    private String queryString(String query, Object... args) {
        return sql.first("probe a text", query, bind(args), rs -> rs.getString(1)).orElse(null);
    }

    private void update(String statement, Object... args) {
        sql.update("bend a row", statement, bind(args));
    }

    private List<Entry> entriesWhere(String column, Object value) {
        return sql.list("read ledger entries",
                "SELECT " + ENTRY_COLUMNS + " FROM ledger_entries WHERE " + column + " = ? ORDER BY entry_no",
                bind(value), LedgerProbe::entry);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5));
    }

    private static Sql.Binder bind(Object... args) {
        return s -> {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
        };
    }
}
