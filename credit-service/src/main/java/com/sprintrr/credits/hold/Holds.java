package com.sprintrr.credits.hold;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.sprintrr.credits.config.Mode;
import com.sprintrr.platform.db.SqlValues;

/** Hold rows. Callers lock the owning account first: that lock is what serialises a hold's changes. */
@Singleton
public class Holds {

    private static final String COLUMNS = "generation_id, account_id, mode, amount, status, expires_at";

    public Map<UUID, Hold> findAll(Connection c, Collection<UUID> generationIds) throws SQLException {
        Map<UUID, Hold> holds = new HashMap<>();
        if (generationIds.isEmpty()) {
            return holds;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM holds WHERE generation_id = ANY(?)")) {
            s.setArray(1, SqlValues.uuids(c, generationIds));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Hold hold = read(rs);
                    holds.put(hold.generationId(), hold);
                }
            }
        }
        return holds;
    }

    /** What a generation already has before a hold is placed: its hold, and whether its event was settled. */
    public record Prior(Optional<Hold> hold, boolean settled) {
    }

    /** The generation's hold, if any, and whether its generation-completed event was already settled: one round trip. */
    public Prior prior(Connection c, UUID generationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + ", EXISTS (SELECT 1 FROM processed_events WHERE generation_id = ?) AS settled"
                + " FROM (SELECT 1) one LEFT JOIN holds h ON h.generation_id = ?")) {
            s.setObject(1, generationId);
            s.setObject(2, generationId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Optional<Hold> hold = rs.getObject("generation_id") == null ? Optional.empty() : Optional.of(read(rs));
                return new Prior(hold, rs.getBoolean("settled"));
            }
        }
    }

    /** What {@link #reserveAndInsert} did: reserved false when the account had too little available. */
    public record Reservation(boolean reserved, boolean inserted) {
    }

    /**
     * Reserves the hold's amount on its (locked) account, if available covers it, and inserts the
     * hold unless its generation already has one, in one statement. Reserved but not inserted means
     * another account holds this generation id: the caller must roll back.
     */
    public Reservation reserveAndInsert(Connection c, Hold hold) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                WITH reserved AS (
                    UPDATE accounts SET held = held + ?, updated_at = now()
                    WHERE account_id = ? AND balance - held >= ?
                    RETURNING account_id),
                inserted AS (
                    INSERT INTO holds (generation_id, account_id, mode, amount, status, expires_at)
                    SELECT ?, account_id, ?, ?, ?, ? FROM reserved
                    ON CONFLICT (generation_id) DO NOTHING
                    RETURNING 1)
                SELECT (SELECT count(*) FROM reserved), (SELECT count(*) FROM inserted)
                """)) {
            s.setLong(1, hold.amount());
            s.setString(2, hold.accountId());
            s.setLong(3, hold.amount());
            s.setObject(4, hold.generationId());
            s.setString(5, hold.mode().id());
            s.setLong(6, hold.amount());
            s.setString(7, hold.status().id());
            s.setTimestamp(8, SqlValues.timestamp(hold.expiresAt()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Reservation(rs.getLong(1) == 1, rs.getLong(2) == 1);
            }
        }
    }

    /** Settles holds with one statement. */
    public void settle(Connection c, Map<UUID, HoldStatus> statuses) throws SQLException {
        if (statuses.isEmpty()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(statuses.size());
        List<String> values = new ArrayList<>(statuses.size());
        statuses.forEach((id, status) -> {
            ids.add(id);
            values.add(status.id());
        });
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE holds h SET status = d.status, settled_at = now()
                FROM unnest(?::uuid[], ?::text[]) AS d(generation_id, status)
                WHERE h.generation_id = d.generation_id
                """)) {
            s.setArray(1, SqlValues.uuids(c, ids));
            s.setArray(2, SqlValues.texts(c, values));
            s.executeUpdate();
        }
    }

    /** Accounts (in id order) that have open holds expired by {@code now}. */
    public List<String> accountsWithExpired(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT account_id FROM holds WHERE status = 'held' AND expires_at <= ?
                ORDER BY account_id LIMIT ?
                """)) {
            s.setTimestamp(1, SqlValues.timestamp(now));
            s.setInt(2, limit);
            List<String> accounts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
            return accounts;
        }
    }

    /**
     * Marks the open holds of these (locked) accounts that expired by {@code now} as expired and
     * returns them; a hold already settled or expired is left alone, so this never runs twice on one.
     */
    public List<Hold> expire(Connection c, Collection<String> lockedAccounts, Instant now) throws SQLException {
        List<Hold> expired = new ArrayList<>();
        if (lockedAccounts.isEmpty()) {
            return expired;
        }
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE holds SET status = 'expired', settled_at = now()
                WHERE account_id = ANY(?) AND status = 'held' AND expires_at <= ?
                RETURNING\s""" + COLUMNS)) {
            s.setArray(1, SqlValues.texts(c, lockedAccounts));
            s.setTimestamp(2, SqlValues.timestamp(now));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    expired.add(read(rs));
                }
            }
        }
        return expired;
    }

    private static Hold read(ResultSet rs) throws SQLException {
        return new Hold(rs.getObject("generation_id", UUID.class), rs.getString("account_id"),
                Mode.fromId(rs.getString("mode")).orElseThrow(), rs.getLong("amount"),
                HoldStatus.fromId(rs.getString("status")).orElseThrow(),
                SqlValues.instant(rs.getTimestamp("expires_at")));
    }
}
