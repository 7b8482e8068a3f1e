package com.sprintrr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /**
     * Freezes this JVM's server as a stalled database host would be (SIGSTOP to the postmaster and
     * every backend): connections stay open and TCP still connects, but nothing answers. Close the
     * returned handle to let it run again (SIGCONT); always do so in a finally block, the server is
     * shared by every test of the JVM.
     */
    public static synchronized Pause pause() {
        long postmaster = postmasterPid(server());
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        // The postmaster first, so it forks nothing new while its backends are being stopped.
        signal("-STOP", pids);
        return () -> {
            List<Long> reversed = new ArrayList<>(pids);
            Collections.reverse(reversed);
            signal("-CONT", reversed);
        };
    }

    /** A frozen server; closing it lets the server run again. */
    public interface Pause extends AutoCloseable {

        @Override
        void close();
    }

    /** The backend serving this query is a child of the postmaster. */
    private static long postmasterPid(EmbeddedPostgres pg) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("No postmaster above backend " + backend));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not find the postmaster", e);
        }
    }

    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Exit 1 only means a backend ended meanwhile; the others were signalled.
            if (!kill.waitFor(30, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signalling PostgreSQL", e);
        }
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "postgres";
    }
}
