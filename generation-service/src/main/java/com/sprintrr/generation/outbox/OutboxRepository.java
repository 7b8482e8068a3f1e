package com.sprintrr.generation.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;

/**
 * The outbox table, in plain SQL through platform {@link Sql}: the statement that records a
 * generation with its event, and the relay's reads and marks (the relay owns their transaction).
 */
@ApplicationScoped
public class OutboxRepository {

    /** Advisory lock id held by the one relay that publishes at a time (ASCII "gen-obx"). */
    static final long RELAY_LOCK = 0x67656e2d6f6278L;

    /** One row to publish; traceparent is null when the generation was not traced. */
    record Row(long id, String accountId, String topic, String payload, String traceparent) {
    }

    /** Unpublished rows and the age in seconds of the oldest (0 when none). */
    record Backlog(long rows, long oldestAgeSeconds) {
    }

    /**
     * Deletes the generation's in_flight row and, only if that delete found it, inserts the
     * generation and its outbox row, in one statement (atomic on its own, one round trip). So the
     * live request and the recovery of an expired lease can never both record. The "freed" CTE
     * also deletes the Idempotency-Key claim when asked (a retryable failure is not replayed).
     */
    private static final String RECORD = "WITH done AS (DELETE FROM in_flight WHERE generation_id = ?%s"
            + " RETURNING generation_id, account_id, idempotency_key),"
            + " generation AS (INSERT INTO generations (" + Generation.COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ? FROM done"
            + " RETURNING account_id),"
            + " freed AS (DELETE FROM idempotency_keys k USING done d WHERE ? AND k.account_id = d.account_id"
            + " AND k.key = d.idempotency_key AND k.generation_id = d.generation_id)"
            + " INSERT INTO outbox (event_id, account_id, topic, payload, traceparent)"
            + " SELECT ?, account_id, ?, ?, ? FROM generation";
    /** The live request's record, whatever the lease. */
    private static final String RECORD_LIVE = String.format(RECORD, "");
    /** The recovery's record: only while the lease is still expired. */
    private static final String RECORD_EXPIRED = String.format(RECORD, " AND lease_until < now()");

    private final Sql sql;

    @Inject
    OutboxRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Records the outcome of an in-flight generation with its event (see RECORD): false means the
     * in_flight row was gone and nothing was written. freeKey also deletes the generation's
     * Idempotency-Key claim; onlyIfExpired records only when the row's lease has expired
     * (recovery). traceparent (W3C, may be null) goes with the outbox row, so the relay sends the
     * event in the generation's trace.
     */
    boolean recordWithEvent(Generation g, UUID eventId, String payload, String traceparent, boolean freeKey,
            boolean onlyIfExpired) {
        String statement = onlyIfExpired ? RECORD_EXPIRED : RECORD_LIVE;
        return sql.run("record a generation", c -> {
            try (PreparedStatement s = c.prepareStatement(statement)) {
                bindRecord(s, g, eventId, payload, traceparent, freeKey);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static void bindRecord(PreparedStatement s, Generation g, UUID eventId, String payload,
            String traceparent, boolean freeKey) throws SQLException {
        s.setObject(1, g.id());
        s.setObject(2, g.id());
        s.setString(3, g.accountId());
        s.setString(4, g.source());
        s.setString(5, g.provider());
        s.setString(6, g.model());
        s.setString(7, g.mode());
        s.setString(8, g.status());
        s.setString(9, g.text());
        s.setString(10, g.prompt());
        s.setLong(11, g.inputTokens());
        s.setLong(12, g.outputTokens());
        s.setLong(13, g.creditsCharged());
        s.setString(14, g.errorCode());
        if (g.errorStatus() == null) {
            s.setNull(15, Types.INTEGER);
        } else {
            s.setInt(15, g.errorStatus());
        }
        s.setObject(16, g.createdAt().atOffset(ZoneOffset.UTC));
        s.setObject(17, g.completedAt().atOffset(ZoneOffset.UTC));
        if (g.keyVersion() == null) {
            s.setNull(18, Types.BIGINT);
        } else {
            s.setLong(18, g.keyVersion());
        }
        s.setBoolean(19, freeKey);
        s.setObject(20, eventId);
        s.setString(21, Topics.GENERATION_COMPLETED);
        s.setString(22, payload);
        s.setString(23, traceparent);
    }

    /**
     * Takes the relay lock for the current transaction; false when another replica's relay holds it.
     * One relay at a time keeps every account's events in id order across replicas. The same
     * statement lets the pass commit without waiting for its WAL flush: a mark lost to a PostgreSQL
     * crash only sends those rows again, a duplicate the consumers already drop (at-least-once), so
     * the pass need not pay a disk flush per pass.
     */
    boolean tryRelayLock() {
        return sql.first("take the outbox relay lock",
                "SELECT pg_try_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true)",
                s -> s.setLong(1, RELAY_LOCK), rs -> rs.getBoolean(1)).orElse(false);
    }

    /** The oldest unpublished rows, in id order, locked for the current transaction. */
    List<Row> unpublished(int limit) {
        return sql.list("read the outbox", "SELECT id, account_id, topic, payload, traceparent FROM outbox"
                + " WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                s -> s.setInt(1, limit),
                rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
    }

    void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        sql.run("mark outbox rows published", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ANY (?)")) {
                s.setArray(1, SqlValues.longs(c, ids));
                return s.executeUpdate();
            }
        });
    }

    Backlog backlog() {
        return sql.first("measure the outbox backlog", "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now()"
                + " - min(created_at)), 0) FROM outbox WHERE published_at IS NULL", Sql.NO_PARAMETERS,
                rs -> new Backlog(rs.getLong(1), (long) rs.getDouble(2))).orElseThrow();
    }

    int deletePublishedOlderThan(Duration retention) {
        return sql.update("prune the outbox", "DELETE FROM outbox WHERE published_at IS NOT NULL"
                + " AND published_at < now() - make_interval(secs => ?)",
                s -> s.setDouble(1, retention.toMillis() / 1000.0));
    }
}
