package com.sprintrr.credits.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;

/**
 * How values travel to and from JDBC in the repositories: whole batches as one array parameter each,
 * instants as timestamps. (Connections come from the platform's {@code Sql}.)
 */
public final class SqlValues {

    private SqlValues() {
    }

    public static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    public static Array uuids(Connection c, Collection<?> values) throws SQLException {
        return c.createArrayOf("uuid", values.toArray());
    }

    public static Array longs(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("int8", values.toArray());
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }

    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
