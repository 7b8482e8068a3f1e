package com.sprintrr.generation.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads of the generations table (rows are written with their event by outbox.GenerationOutbox). */
@ApplicationScoped
public class GenerationRepository {

    private final DataSource dataSource;

    @Inject
    GenerationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Generation> find(UUID id) {
        String sql = "SELECT " + Generation.COLUMNS + " FROM generations WHERE id = ?";
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
