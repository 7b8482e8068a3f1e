package com.sprintrr.credits.hold;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * For each generation id: its hold, if any, and whether its generation-completed event was
     * already settled; one round trip for all of them.
     */
    public Map<UUID, Prior> priors(Connection c, Collection<UUID> generationIds) throws SQLException {
        // Two index lookups by "= ANY", not a join with unnest: a generic plan cannot turn them into
        // a scan of the whole holds table.
        Map<UUID, Optional<Hold>> found = new HashMap<>();
        Set<UUID> settled = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT false AS settled, " + COLUMNS
                + " FROM holds WHERE generation_id = ANY(?)"
                + " UNION ALL SELECT true, generation_id, NULL, NULL, NULL, NULL, NULL"
                + " FROM processed_events WHERE generation_id = ANY(?)")) {
            Array ids = SqlValues.uuids(c, generationIds);
            s.setArray(1, ids);
            s.setArray(2, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean("settled")) {
                        settled.add(rs.getObject("generation_id", UUID.class));
                    } else {
                        Hold hold = read(rs);
                        found.put(hold.generationId(), Optional.of(hold));
                    }
                }
            }
        }
        Map<UUID, Prior> priors = new HashMap<>();
        for (UUID id : generationIds) {
            priors.put(id, new Prior(found.getOrDefault(id, Optional.empty()), settled.contains(id)));
        }
        return priors;
    }

    /**
     * Inserts new holds of one locked account (all with the same status and expiry), in generation
     * id order, skipping any generation id that already has a hold, and reserves the amounts of
     * those inserted, in one statement; returns the ids inserted. The caller checked each hold
     * against what the ones before it left, so the reservation always fits; it is conditional
     * anyway ({@code balance - held >= reserved}): should it not fit, nothing is reserved and this
     * throws, and the caller's transaction must roll back (the holds were inserted unreserved). The fixed order keeps two batches that
     * race for the same generation ids from deadlocking on the key.
     */
    public Set<UUID> insertAndReserve(Connection c, String accountId, Collection<Hold> newHolds) throws SQLException {
        List<UUID> ids = new ArrayList<>(newHolds.size());
        List<String> modes = new ArrayList<>(newHolds.size());
        List<Long> amounts = new ArrayList<>(newHolds.size());
        Hold first = newHolds.iterator().next();
        for (Hold hold : newHolds) {
            if (!hold.accountId().equals(accountId) || hold.status() != first.status()
                    || !hold.expiresAt().equals(first.expiresAt())) {
                throw new IllegalArgumentException("one account's holds with one status and expiry are inserted together");
            }
            ids.add(hold.generationId());
            modes.add(hold.mode().id());
            amounts.add(hold.amount());
        }
        try (PreparedStatement s = c.prepareStatement("""
                WITH inserted AS (
                    INSERT INTO holds (generation_id, account_id, mode, amount, status, expires_at)
                    SELECT t.generation_id, ?, t.mode, t.amount, ?, ?
                    FROM unnest(?::uuid[], ?::text[], ?::int8[]) AS t(generation_id, mode, amount)
                    ORDER BY t.generation_id
                    ON CONFLICT (generation_id) DO NOTHING
                    RETURNING generation_id, amount),
                reserved AS (
                    UPDATE accounts SET held = held + (SELECT coalesce(sum(amount), 0) FROM inserted), updated_at = now()
                    WHERE account_id = ? AND balance - held >= (SELECT coalesce(sum(amount), 0) FROM inserted)
                    RETURNING 1)
                SELECT r.n, i.generation_id FROM (SELECT count(*) AS n FROM reserved) r LEFT JOIN inserted i ON true
                """)) {
            s.setString(1, accountId);
            s.setString(2, first.status().id());
            s.setTimestamp(3, SqlValues.timestamp(first.expiresAt()));
            s.setArray(4, SqlValues.uuids(c, ids));
            s.setArray(5, SqlValues.texts(c, modes));
            s.setArray(6, SqlValues.longs(c, amounts));
            s.setString(7, accountId);
            // One row per inserted hold (one with a null id when none was), each with the reservation count.
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(1) != 1) {
                        throw new IllegalStateException("holds checked one by one did not fit what the locked account has available");
                    }
                    UUID id = rs.getObject(2, UUID.class);
                    if (id != null) {
                        inserted.add(id);
                    }
                }
            }
            return inserted;
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
