package com.sprintrr.generation.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The in_flight journal (see V2__in_flight.sql): generations that may have a hold or a provider
 * call behind them and no recorded outcome yet. Every statement is one auto-commit round trip.
 */
@ApplicationScoped
public class InFlightRepository {

    /** One journal row; source, provider and model are null while the route is not known yet. */
    public record Row(UUID generationId, String accountId, String source, String provider, String model, String mode,
            String idempotencyKey, Instant createdAt) {

        /** Whether the route was journaled, i.e. a hold or a provider call may have happened. */
        public boolean routed() {
            return provider != null;
        }
    }

    private static final String COLUMNS = "generation_id, account_id, source, provider, model, mode, idempotency_key,"
            + " created_at";

    /** Deletes the row (optionally only when its lease expired) and frees its Idempotency-Key, if any. */
    private static final String ABANDON = "WITH gone AS (DELETE FROM in_flight WHERE generation_id = ?%s"
            + " RETURNING generation_id, account_id, idempotency_key)"
            + " DELETE FROM idempotency_keys k USING gone g"
            + " WHERE k.account_id = g.account_id AND k.key = g.idempotency_key AND k.generation_id = g.generation_id";

    private final DataSource dataSource;

    @Inject
    InFlightRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes the route facts a failure record needs, before anything is charged or called. With an
     * Idempotency-Key the row exists since the claim and is updated; false then means it is gone
     * (this instance lost its lease and the generation was recovered as interrupted).
     */
    public boolean journal(UUID id, String accountId, String source, String provider, String model, String mode,
            boolean claimed, String owner, Duration lease) {
        String sql = claimed
                ? "UPDATE in_flight SET source = ?, provider = ?, model = ?, mode = ? WHERE generation_id = ?"
                : "INSERT INTO in_flight (source, provider, model, mode, generation_id, account_id, owner, lease_until)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, source);
            s.setString(2, provider);
            s.setString(3, model);
            s.setString(4, mode);
            s.setObject(5, id);
            if (!claimed) {
                s.setString(6, accountId);
                s.setString(7, owner);
                s.setDouble(8, seconds(lease));
            }
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not journal generation " + id, e);
        }
    }

    /** Ends a generation that charged and called nothing: no record, the row and its key are gone. */
    public void abandon(UUID id) {
        execute(String.format(ABANDON, ""), id, "Could not abandon generation ");
    }

    /** Like abandon, but only when the row's lease expired (recovery of an unrouted row). */
    public void abandonIfExpired(UUID id) {
        execute(String.format(ABANDON, " AND lease_until < now()"), id, "Could not recover generation ");
    }

    /** Extends the leases of the owner's rows among ids; returns how many were found. */
    public int renew(String owner, Collection<UUID> ids, Duration lease) {
        String sql = "UPDATE in_flight SET lease_until = now() + make_interval(secs => ?)"
                + " WHERE owner = ? AND generation_id = ANY (?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setDouble(1, seconds(lease));
            s.setString(2, owner);
            s.setArray(3, c.createArrayOf("uuid", ids.toArray()));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not renew in-flight leases", e);
        }
    }

    /** Rows whose lease expired (their owner crashed or gave up), oldest first. */
    public List<Row> expired(int limit) {
        return rows("SELECT " + COLUMNS + " FROM in_flight WHERE lease_until < now() ORDER BY lease_until LIMIT ?",
                s -> s.setInt(1, limit));
    }

    /** Every row of this owner, whatever its lease (shutdown). */
    public List<Row> ownedBy(String owner) {
        return rows("SELECT " + COLUMNS + " FROM in_flight WHERE owner = ?", s -> s.setString(1, owner));
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<Row> rows(String sql, Binder binder) {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the in-flight journal", e);
        }
        return rows;
    }

    private void execute(String sql, UUID id, String failure) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(failure + id, e);
        }
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
