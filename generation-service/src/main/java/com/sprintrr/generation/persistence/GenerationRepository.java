package com.sprintrr.generation.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The generations table, in plain JDBC; each statement runs on its own auto-commit connection. */
@ApplicationScoped
public class GenerationRepository {

    static final String COLUMNS = "id, account_id, source, provider, model, mode, status, text, prompt,"
            + " input_tokens, output_tokens, credits_charged, error_code, error_status, created_at, completed_at, key_version";

    private final DataSource dataSource;

    @Inject
    GenerationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the outcome of an in-flight generation: deletes its in_flight row and, only if that
     * delete found it, inserts the generation and its outbox row, in one statement (atomic on its
     * own, one round trip). So the live request and the recovery of an expired lease can never both
     * record: false means the row was gone and nothing was written. freeKey also deletes the
     * generation's Idempotency-Key claim (a retryable failure is not replayed); onlyIfExpired
     * records only when the row's lease has expired (recovery). traceparent (W3C, may be null) goes
     * with the outbox row, so the relay sends the event in the generation's trace.
     */
    public boolean recordWithEvent(Generation g, UUID eventId, String topic, String payload, String traceparent,
            boolean freeKey, boolean onlyIfExpired) {
        String sql = "WITH done AS (DELETE FROM in_flight WHERE generation_id = ?"
                + (onlyIfExpired ? " AND lease_until < now()" : "")
                + " RETURNING generation_id, account_id, idempotency_key),"
                + " generation AS (INSERT INTO generations (" + COLUMNS + ")"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ? FROM done"
                + " RETURNING account_id),"
                + " freed AS (DELETE FROM idempotency_keys k USING done d WHERE ? AND k.account_id = d.account_id"
                + " AND k.key = d.idempotency_key AND k.generation_id = d.generation_id)"
                + " INSERT INTO outbox (event_id, account_id, topic, payload, traceparent)"
                + " SELECT ?, account_id, ?, ?, ? FROM generation";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
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
            s.setString(21, topic);
            s.setString(22, payload);
            s.setString(23, traceparent);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record generation " + g.id(), e);
        }
    }

    public Optional<Generation> find(UUID id) {
        String sql = "SELECT " + COLUMNS + " FROM generations WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read generation " + id, e);
        }
    }

    /** The generation if it belongs to the account; empty otherwise (existence is not revealed). */
    public Optional<Generation> findOwned(String accountId, UUID id) {
        return find(id).filter(g -> g.accountId().equals(accountId));
    }

    static Generation read(ResultSet rs) throws SQLException {
        int errorStatus = rs.getInt("error_status");
        Integer status = rs.wasNull() ? null : errorStatus;
        long keyVersion = rs.getLong("key_version");
        Long version = rs.wasNull() ? null : keyVersion;
        return new Generation(rs.getObject("id", UUID.class), rs.getString("account_id"), rs.getString("source"),
                rs.getString("provider"), rs.getString("model"), rs.getString("mode"), rs.getString("status"),
                rs.getString("text"), rs.getString("prompt"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getLong("credits_charged"), rs.getString("error_code"), status,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("completed_at").toInstant(), version);
    }
}
