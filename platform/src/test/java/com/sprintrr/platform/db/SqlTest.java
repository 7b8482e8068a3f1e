package com.sprintrr.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sprintrr.testing.EmbeddedDatabase;

/**
 * The SQL helpers against a real PostgreSQL: rows come back mapped, every failure is one type that
 * names the work, never the data, and batches bound as arrays ({@link SqlValues}) come back from
 * unnest element for element, nulls and order kept, instants exactly.
 */
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

    @Test
    void textsUuidsAndLongsTravelAsOneArrayEachWithNullsInPlace() {
        List<String> texts = Arrays.asList("a", null, "c ä,\"{}");
        List<UUID> uuids = Arrays.asList(UUID.randomUUID(), null, UUID.randomUUID());
        List<Long> longs = Arrays.asList(Long.MAX_VALUE, null, -1L);
        List<List<Object>> rows = sql.run("unnest arrays", c -> Sql.list(c,
                "SELECT t, u, l FROM unnest(?::text[], ?::uuid[], ?::bigint[]) WITH ORDINALITY AS x(t, u, l, n) ORDER BY n",
                s -> {
                    s.setArray(1, SqlValues.texts(c, texts));
                    s.setArray(2, SqlValues.uuids(c, uuids));
                    s.setArray(3, SqlValues.longs(c, longs));
                }, rs -> Arrays.<Object>asList(rs.getString(1), rs.getObject(2, UUID.class), (Long) rs.getObject(3))));
        List<List<Object>> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add(Arrays.<Object>asList(texts.get(i), uuids.get(i), longs.get(i)));
        }
        assertEquals(expected, rows);
    }

    @Test
    void instantsArriveExactToTheMicrosecondWhateverTheTimeZones() {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham")); // +12:45/+13:45: no zone lines up by accident
        try {
            List<Instant> instants = Arrays.asList(Instant.parse("2026-03-29T01:30:00.123456Z"), null,
                    Instant.parse("1999-12-31T23:59:59.999999Z"));
            List<Instant> read = sql.run("unnest instants", c -> {
                try (Statement session = c.createStatement()) {
                    session.execute("SET TIME ZONE 'America/St_Johns'"); // -03:30, the session's zone
                }
                return Sql.list(c, "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                        + "FROM unnest(?::timestamptz[]) WITH ORDINALITY AS x(at, n) ORDER BY n",
                        s -> s.setArray(1, SqlValues.instants(c, instants)),
                        rs -> rs.getString(1) == null ? null : Instant.parse(rs.getString(1)));
            });
            assertEquals(instants, read);
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    @Test
    void aNullTimestampIsANullInstant() {
        assertNull(SqlValues.instant(null));
        Instant at = Instant.parse("2026-06-01T10:00:00.123456Z");
        assertEquals(at, SqlValues.instant(SqlValues.timestamp(at)));
        assertEquals(at, SqlValues.instant(Timestamp.from(at)));
    }
}
