package com.sprintrr.generation.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The outbox table, in plain JDBC; callers own the transaction. */
@ApplicationScoped
public class OutboxRepository {

    /** Advisory lock id held by the one relay that publishes at a time (ASCII "gen-obx"). */
    static final long RELAY_LOCK = 0x67656e2d6f6278L;

    /** One row to publish; traceparent is null when the generation was not traced. */
    public record Row(long id, String accountId, String topic, String payload, String traceparent) {
    }

    private final DataSource dataSource;

    @Inject
    OutboxRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void append(UUID eventId, String accountId, String topic, String payload) {
        String sql = "INSERT INTO outbox (event_id, account_id, topic, payload) VALUES (?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, eventId);
            s.setString(2, accountId);
            s.setString(3, topic);
            s.setString(4, payload);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append to the outbox", e);
        }
    }

    /**
     * Takes the relay lock for the current transaction; false when another replica's relay holds it.
     * One relay at a time keeps every account's events in id order across replicas.
     */
    boolean tryRelayLock() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, RELAY_LOCK);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the outbox relay lock", e);
        }
    }

    /** The oldest unpublished rows, in id order, locked for the current transaction. */
    List<Row> unpublished(int limit) {
        String sql = "SELECT id, account_id, topic, payload, traceparent FROM outbox WHERE published_at IS NULL"
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the outbox", e);
        }
        return rows;
    }

    void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            s.setArray(1, array);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not mark outbox rows published", e);
        }
    }

    /** Unpublished rows and the age in seconds of the oldest (0 when none). */
    long[] backlog() {
        String sql = "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)"
                + " FROM outbox WHERE published_at IS NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return new long[] { rs.getLong(1), (long) rs.getDouble(2) };
        } catch (SQLException e) {
            throw new IllegalStateException("Could not measure the outbox backlog", e);
        }
    }

    int deletePublishedOlderThan(Duration retention) {
        String sql = "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setDouble(1, retention.toMillis() / 1000.0);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune the outbox", e);
        }
    }
}
