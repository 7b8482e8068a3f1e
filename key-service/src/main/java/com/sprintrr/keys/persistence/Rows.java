package com.sprintrr.keys.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import com.sprintrr.providers.Provider;

/** Reading our columns back into domain types. */
final class Rows {

    private Rows() {
    }

    static Provider provider(ResultSet rs, String column) throws SQLException {
        String id = rs.getString(column);
        if (id == null) {
            return null;
        }
        return Provider.fromId(id).orElseThrow(() -> new IllegalStateException("Unknown provider in the database"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static KeyRow keyRow(ResultSet rs) throws SQLException {
        return new KeyRow(provider(rs, "provider"), rs.getString("hint"), rs.getString("model"),
                instant(rs, "validated_at"), instant(rs, "updated_at"), rs.getString("status"),
                instant(rs, "last_used_at"), instant(rs, "last_failure_at"), rs.getString("last_failure_code"));
    }
}
