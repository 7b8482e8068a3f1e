package com.sprintrr.generation.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The generations table, in plain JDBC; callers own the transaction. */
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
     * Inserts the generation and its outbox row in one statement: atomic on its own, and one round
     * trip to PostgreSQL instead of two on the hot path.
     */
    public void insertWithEvent(Generation g, UUID eventId, String topic, String payload) {
        String sql = "WITH generation AS (INSERT INTO generations (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING account_id)"
                + " INSERT INTO outbox (event_id, account_id, topic, payload) SELECT ?, account_id, ?, ? FROM generation";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, g.id());
            s.setString(2, g.accountId());
            s.setString(3, g.source());
            s.setString(4, g.provider());
            s.setString(5, g.model());
            s.setString(6, g.mode());
            s.setString(7, g.status());
            s.setString(8, g.text());
            s.setString(9, g.prompt());
            s.setLong(10, g.inputTokens());
            s.setLong(11, g.outputTokens());
            s.setLong(12, g.creditsCharged());
            s.setString(13, g.errorCode());
            if (g.errorStatus() == null) {
                s.setNull(14, Types.INTEGER);
            } else {
                s.setInt(14, g.errorStatus());
            }
            s.setTimestamp(15, Timestamp.from(g.createdAt()));
            s.setTimestamp(16, Timestamp.from(g.completedAt()));
            if (g.keyVersion() == null) {
                s.setNull(17, Types.BIGINT);
            } else {
                s.setLong(17, g.keyVersion());
            }
            s.setObject(18, eventId);
            s.setString(19, topic);
            s.setString(20, payload);
            s.executeUpdate();
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
