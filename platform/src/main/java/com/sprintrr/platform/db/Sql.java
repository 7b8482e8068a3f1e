package com.sprintrr.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The one way our code reaches the database with explicit SQL: it borrows a pooled connection
 * (enlisted in the caller's {@code @Transactional}, if any), runs the work and maps any
 * {@link SQLException} to {@link DatabaseFailure} naming what was being done. Used where the work
 * is set-based or must be exact about its statements (holds, settlement, the outbox, idempotency
 * claims); no other class opens a connection itself.
 */
@ApplicationScoped
public class Sql {

    /** Binds the parameters of one statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work on one connection: several statements, batches, anything the shortcuts below do not cover. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Binds nothing. */
    public static final Binder NO_PARAMETERS = statement -> {
    };

    private final DataSource dataSource;

    /** Through {@code Instance} like {@link DatabaseReadiness}: a module without a datasource still boots. */
    @Inject
    Sql(Instance<DataSource> dataSources) {
        this(dataSources.isResolvable() ? dataSources.get() : null);
    }

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs work on a pooled connection; {@code doing} completes "Could not ..." in the failure. */
    public <T> T run(String doing, Work<T> work) {
        if (dataSource == null) {
            throw new IllegalStateException("This service has no datasource configured");
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseFailure(doing, e);
        }
    }

    /** Every row the query returns, mapped. */
    public <T> List<T> list(String doing, String sql, Binder binder, RowMapper<T> mapper) {
        return run(doing, connection -> list(connection, sql, binder, mapper));
    }

    /** The first row the query returns, mapped; empty when there is none. */
    public <T> Optional<T> first(String doing, String sql, Binder binder, RowMapper<T> mapper) {
        return run(doing, connection -> first(connection, sql, binder, mapper));
    }

    /** {@link #list(String, String, Binder, RowMapper)} on a connection the caller holds (its transaction, its locks). */
    public static <T> List<T> list(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    /** {@link #first(String, String, Binder, RowMapper)} on a connection the caller holds. */
    public static <T> Optional<T> first(Connection connection, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty();
            }
        }
    }

    /** Runs one INSERT, UPDATE or DELETE and returns how many rows it changed. */
    public int update(String doing, String sql, Binder binder) {
        return run(doing, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }
}
