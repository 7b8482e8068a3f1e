package com.sprintrr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per JVM (embedded binaries, no Docker), shared by every test class and
 * restart of the application under test; each caller gets its own database on it.
 */
public final class EmbeddedDatabase {

    private static EmbeddedPostgres server;

    private EmbeddedDatabase() {
    }

    /** Starts the server on first use; it stops when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the data directory is temporary anyway.
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** Creates the database on this JVM's server if missing and returns its JDBC URL. */
    public static synchronized String jdbcUrl(String database) {
        return ensureDatabase(server(), database);
    }

    /** Creates the database on the given server if missing and returns its JDBC URL. */
    public static String ensureDatabase(EmbeddedPostgres pg, String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Unsafe database name: " + database);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
        return pg.getJdbcUrl("postgres", database);
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "postgres";
    }
}
