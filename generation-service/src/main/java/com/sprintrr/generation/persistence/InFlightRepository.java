package com.sprintrr.generation.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;

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

    /** The route of a generation whose row the Idempotency-Key claim wrote. */
    private static final String JOURNAL_ROUTE = "UPDATE in_flight SET source = ?, provider = ?, model = ?, mode = ?"
            + " WHERE generation_id = ?";
    /** The row with its route, for a generation without an Idempotency-Key. */
    private static final String JOURNAL_NEW = "INSERT INTO in_flight (source, provider, model, mode, generation_id,"
            + " account_id, owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?))";

    /** Deletes the row (optionally only when its lease expired) and frees its Idempotency-Key, if any. */
    private static final String ABANDON = "WITH gone AS (DELETE FROM in_flight WHERE generation_id = ?%s"
            + " RETURNING generation_id, account_id, idempotency_key)"
            + " DELETE FROM idempotency_keys k USING gone g"
            + " WHERE k.account_id = g.account_id AND k.key = g.idempotency_key AND k.generation_id = g.generation_id";
    private static final String ABANDON_NOW = String.format(ABANDON, "");
    private static final String ABANDON_EXPIRED = String.format(ABANDON, " AND lease_until < now()");

    private final Sql sql;

    @Inject
    InFlightRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Writes the route facts a failure record needs, before anything is charged or called. With an
     * Idempotency-Key the row exists since the claim and is updated; false then means it is gone
     * (this instance lost its lease and the generation was recovered as interrupted).
     */
    public boolean journal(UUID id, String accountId, String source, String provider, String model, String mode,
            boolean claimed, String owner, Duration lease) {
        return sql.run("journal a generation", c -> {
            try (PreparedStatement s = c.prepareStatement(claimed ? JOURNAL_ROUTE : JOURNAL_NEW)) {
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
            }
        });
    }

    /** Ends a generation that charged and called nothing: no record, the row and its key are gone. */
    public void abandon(UUID id) {
        sql.update("abandon a generation", ABANDON_NOW, s -> s.setObject(1, id));
    }

    /** Like abandon, but only when the row's lease expired (recovery of an unrouted row). */
    public void abandonIfExpired(UUID id) {
        sql.update("recover a generation", ABANDON_EXPIRED, s -> s.setObject(1, id));
    }

    /** Extends the leases of the owner's rows among ids; returns how many were found. */
    public int renew(String owner, Collection<UUID> ids, Duration lease) {
        return sql.run("renew in-flight leases", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE in_flight SET lease_until = now()"
                    + " + make_interval(secs => ?) WHERE owner = ? AND generation_id = ANY (?)")) {
                s.setDouble(1, seconds(lease));
                s.setString(2, owner);
                s.setArray(3, SqlValues.uuids(c, ids));
                return s.executeUpdate();
            }
        });
    }

    /** Rows whose lease expired (their owner crashed or gave up), oldest first. */
    public List<Row> expired(int limit) {
        return sql.list("read the in-flight journal", "SELECT " + COLUMNS
                + " FROM in_flight WHERE lease_until < now() ORDER BY lease_until LIMIT ?",
                s -> s.setInt(1, limit), InFlightRepository::row);
    }

    /** Every row of this owner, whatever its lease (shutdown). */
    public List<Row> ownedBy(String owner) {
        return sql.list("read the in-flight journal", "SELECT " + COLUMNS + " FROM in_flight WHERE owner = ?",
                s -> s.setString(1, owner), InFlightRepository::row);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
