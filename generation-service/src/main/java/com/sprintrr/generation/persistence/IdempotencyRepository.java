package com.sprintrr.generation.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Idempotency-Key claims, one per (account, key). Each statement runs on its own connection in
 * auto-commit: a claim must be visible to a concurrent duplicate before the work starts.
 */
@ApplicationScoped
public class IdempotencyRepository {

    /** What a claim attempt found. */
    public record Claim(String requestHash, UUID generationId, boolean won) {
    }

    private final DataSource dataSource;

    @Inject
    IdempotencyRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims the key for generationId, or returns the existing claim. A claim older than
     * abandonAfter whose generation was never recorded (a crashed request) is taken over.
     */
    public Claim claim(String accountId, String key, String requestHash, UUID generationId, Duration abandonAfter) {
        String insert = "INSERT INTO idempotency_keys (account_id, key, request_hash, generation_id) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (account_id, key) DO NOTHING";
        String takeOver = "UPDATE idempotency_keys k SET generation_id = ?, request_hash = ?, created_at = now()"
                + " WHERE k.account_id = ? AND k.key = ? AND k.created_at < now() - make_interval(secs => ?)"
                + " AND NOT EXISTS (SELECT 1 FROM generations g WHERE g.id = k.generation_id)";
        String select = "SELECT request_hash, generation_id FROM idempotency_keys WHERE account_id = ? AND key = ?";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(insert)) {
                s.setString(1, accountId);
                s.setString(2, key);
                s.setString(3, requestHash);
                s.setObject(4, generationId);
                if (s.executeUpdate() == 1) {
                    return new Claim(requestHash, generationId, true);
                }
            }
            try (PreparedStatement s = c.prepareStatement(takeOver)) {
                s.setObject(1, generationId);
                s.setString(2, requestHash);
                s.setString(3, accountId);
                s.setString(4, key);
                s.setDouble(5, abandonAfter.toMillis() / 1000.0);
                if (s.executeUpdate() == 1) {
                    return new Claim(requestHash, generationId, true);
                }
            }
            try (PreparedStatement s = c.prepareStatement(select)) {
                s.setString(1, accountId);
                s.setString(2, key);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        // Released between our insert and select: the caller may simply try again.
                        return new Claim(requestHash, null, false);
                    }
                    return new Claim(rs.getString(1), rs.getObject(2, UUID.class), false);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim an idempotency key", e);
        }
    }

    /** Gives a key back when its request ended before anything was recorded or charged. */
    public void release(String accountId, String key, UUID generationId) {
        String sql = "DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND generation_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, accountId);
            s.setString(2, key);
            s.setObject(3, generationId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not release an idempotency key", e);
        }
    }

    /** Forgets keys older than the retention; returns how many. */
    public int deleteOlderThan(Duration retention) {
        String sql = "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setDouble(1, retention.toMillis() / 1000.0);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune idempotency keys", e);
        }
    }

}
