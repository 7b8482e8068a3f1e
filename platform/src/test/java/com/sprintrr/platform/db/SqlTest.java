package com.sprintrr.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sprintrr.testing.EmbeddedDatabase;

/** The SQL helper against a real PostgreSQL: rows come back mapped, and every failure is one type that names the work, never the data. */
class SqlTest {

    private static Sql sql;

    @BeforeAll
    static void database() {
        EmbeddedDatabase.jdbcUrl("platform_sql");
        DataSource dataSource = EmbeddedDatabase.server().getDatabase(EmbeddedDatabase.username(), "platform_sql");
        sql = new Sql(dataSource);
        sql.update("reset the table", "DROP TABLE IF EXISTS notes", Sql.NO_PARAMETERS);
        sql.update("create the table", "CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)", Sql.NO_PARAMETERS);
    }

    @Test
    void writesAndReadsRowsThroughBindersAndMappers() {
        assertEquals(1, sql.update("add a note", "INSERT INTO notes VALUES (?, ?) ON CONFLICT DO NOTHING",
                s -> { s.setInt(1, 1); s.setString(2, "first"); }));
        assertEquals(List.of("first"), sql.list("read notes", "SELECT body FROM notes WHERE id = ?",
                s -> s.setInt(1, 1), row -> row.getString(1)));
        assertEquals("first", sql.first("read a note", "SELECT body FROM notes WHERE id = ?",
                s -> s.setInt(1, 1), row -> row.getString(1)).orElseThrow());
        assertTrue(sql.first("read a missing note", "SELECT body FROM notes WHERE id = ?",
                s -> s.setInt(1, -1), row -> row.getString(1)).isEmpty());
    }

    @Test
    void aFailedStatementIsADatabaseFailureNamingTheWorkAndItsStateButNotTheValues() {
        sql.update("add a note", "INSERT INTO notes VALUES (2, 'x') ON CONFLICT DO NOTHING", Sql.NO_PARAMETERS);
        DatabaseFailure failure = assertThrows(DatabaseFailure.class, () -> sql.update("add a duplicate note",
                "INSERT INTO notes VALUES (?, ?)", s -> { s.setInt(1, 2); s.setString(2, "secret-value"); }));
        assertEquals("23505", failure.sqlState());
        assertEquals("Could not add a duplicate note (SQL state 23505)", failure.getMessage());
        assertFalse(failure.getMessage().contains("secret-value"));
        assertFalse(DatabaseUnavailable.isCause(failure), "a constraint violation is not an unavailable database");
    }
}
