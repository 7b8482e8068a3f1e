package com.sprintrr.platform.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * How values travel to and from JDBC in every service: a whole batch as one PostgreSQL array
 * parameter (for {@code = ANY (?)} and {@code unnest(?::type[], ...)}: one statement, one round
 * trip), instants as timestamps. Null elements stay SQL NULL. Statements and connections come from
 * {@link Sql}.
 */
public final class SqlValues {

    private SqlValues() {
    }

    /** A text[]. */
    public static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    /** A uuid[]. */
    public static Array uuids(Connection c, Collection<UUID> values) throws SQLException {
        return c.createArrayOf("uuid", values.toArray());
    }

    /** A bigint[]. */
    public static Array longs(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("bigint", values.toArray());
    }

    /**
     * Instants for a {@code ?::timestamptz[]} parameter: sent as ISO-8601 UTC text, which PostgreSQL
     * reads exactly (to the microsecond) whatever the JVM's or the session's time zone ({@link Timestamp}
     * elements would be written in the JVM's zone and read in the session's: hours off when they differ).
     */
    public static Array instants(Connection c, Collection<Instant> values) throws SQLException {
        String[] texts = new String[values.size()];
        int i = 0;
        for (Instant at : values) {
            texts[i++] = at == null ? null : at.toString();
        }
        return c.createArrayOf("text", texts);
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }

    /** A nullable timestamptz column read back; null stays null. */
    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
