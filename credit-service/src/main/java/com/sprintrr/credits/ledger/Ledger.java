package com.sprintrr.credits.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;

/**
 * The append-only ledger. Nothing here updates or deletes an entry; the caller updates the
 * account's running balance in the same transaction.
 */
@Singleton
public class Ledger {

    private static final String COLUMNS = "id, account_id, type, amount, generation_id, reason, created_at";

    /** Appends the entries with one statement. */
    public void append(Connection c, List<NewEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        List<String> accounts = new ArrayList<>(entries.size());
        List<String> types = new ArrayList<>(entries.size());
        List<Long> amounts = new ArrayList<>(entries.size());
        List<UUID> generations = new ArrayList<>(entries.size());
        List<String> reasons = new ArrayList<>(entries.size());
        List<String> keys = new ArrayList<>(entries.size());
        for (NewEntry e : entries) {
            accounts.add(e.accountId());
            types.add(e.type().id());
            amounts.add(e.amount());
            generations.add(e.generationId());
            reasons.add(e.reason());
            keys.add(e.grantKey());
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO ledger_entries (account_id, type, amount, generation_id, reason, grant_key)
                SELECT * FROM unnest(?::text[], ?::text[], ?::int8[], ?::uuid[], ?::text[], ?::text[])
                """)) {
            s.setArray(1, SqlValues.texts(c, accounts));
            s.setArray(2, SqlValues.texts(c, types));
            s.setArray(3, SqlValues.longs(c, amounts));
            s.setArray(4, SqlValues.uuids(c, generations));
            s.setArray(5, SqlValues.texts(c, reasons));
            s.setArray(6, SqlValues.texts(c, keys));
            s.executeUpdate();
        }
    }

    /**
     * Appends a keyed entry unless the account already has one with that key; returns the new
     * entry, or empty when the key was taken (the effect already happened).
     */
    public Optional<LedgerEntry> appendOnce(Connection c, NewEntry entry) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO ledger_entries (account_id, type, amount, generation_id, reason, grant_key)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (account_id, grant_key) WHERE grant_key IS NOT NULL DO NOTHING
                RETURNING\s""" + COLUMNS)) {
            s.setString(1, entry.accountId());
            s.setString(2, entry.type().id());
            s.setLong(3, entry.amount());
            s.setObject(4, entry.generationId());
            s.setString(5, entry.reason());
            s.setString(6, entry.grantKey());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Records charges that could not be collected in full (one per generation; what was collected is
     * a debit entry). These move no balance: they say what the account could not pay.
     */
    public void recordUncollectable(Connection c, List<Uncollectable> charges) throws SQLException {
        if (charges.isEmpty()) {
            return;
        }
        List<String> accounts = new ArrayList<>(charges.size());
        List<UUID> generations = new ArrayList<>(charges.size());
        List<Long> amounts = new ArrayList<>(charges.size());
        List<String> reasons = new ArrayList<>(charges.size());
        for (Uncollectable u : charges) {
            accounts.add(u.accountId());
            generations.add(u.generationId());
            amounts.add(u.amount());
            reasons.add(u.reason());
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO uncollectable_charges (account_id, generation_id, amount, reason)
                SELECT * FROM unnest(?::text[], ?::uuid[], ?::int8[], ?::text[])
                """)) {
            s.setArray(1, SqlValues.texts(c, accounts));
            s.setArray(2, SqlValues.uuids(c, generations));
            s.setArray(3, SqlValues.longs(c, amounts));
            s.setArray(4, SqlValues.texts(c, reasons));
            s.executeUpdate();
        }
    }

    /** The entry an account wrote under a grant key. */
    public Optional<LedgerEntry> findByGrantKey(Connection c, String accountId, String grantKey) throws SQLException {
        return Sql.first(c, "SELECT " + COLUMNS + " FROM ledger_entries WHERE account_id = ? AND grant_key = ?", s -> {
            s.setString(1, accountId);
            s.setString(2, grantKey);
        }, Ledger::read);
    }

    /** The account's newest entries first. */
    public List<LedgerEntry> newest(Connection c, String accountId, int limit) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS
                + " FROM ledger_entries WHERE account_id = ? ORDER BY entry_no DESC LIMIT ?", s -> {
                    s.setString(1, accountId);
                    s.setInt(2, limit);
                }, Ledger::read);
    }

    private static LedgerEntry read(ResultSet rs) throws SQLException {
        return new LedgerEntry(rs.getObject("id", UUID.class), rs.getString("account_id"),
                EntryType.fromId(rs.getString("type")).orElseThrow(), rs.getLong("amount"),
                rs.getObject("generation_id", UUID.class), rs.getString("reason"),
                SqlValues.instant(rs.getTimestamp("created_at")));
    }
}
