package com.sprintrr.generation.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.platform.db.Sql;

/** Reads of the generations table (rows are written with their event by outbox.GenerationOutbox). */
@ApplicationScoped
public class GenerationRepository {

    private final Sql sql;

    @Inject
    GenerationRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<Generation> find(UUID id) {
        return sql.first("read a generation", "SELECT " + Generation.COLUMNS + " FROM generations WHERE id = ?",
                s -> s.setObject(1, id), GenerationRepository::read);
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
