package com.sprintrr.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/** Batches bound as PostgreSQL arrays come back from unnest element for element, nulls and order kept, instants exactly. */
class SqlValuesTest {

    private static Sql sql;

    @BeforeAll
    static void database() {
        EmbeddedDatabase.jdbcUrl("platform_sql_values");
        DataSource dataSource = EmbeddedDatabase.server().getDatabase(EmbeddedDatabase.username(), "platform_sql_values");
        sql = new Sql(dataSource);
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
