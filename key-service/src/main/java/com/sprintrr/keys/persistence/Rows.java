package com.sprintrr.keys.persistence;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;

import com.sprintrr.platform.db.Sql;
import com.sprintrr.providers.Provider;

/** Reading our columns back into domain types, and the parameters most statements start with. */
final class Rows {

    private Rows() {
    }

    /** Binds (account_id, provider) as parameters 1 and 2: the primary key of {@code provider_keys}. */
    static Sql.Binder key(String accountId, Provider provider) {
        return ps -> {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
        };
    }

    /** A text[] of master key ids, for {@code = ANY (?)}. */
    static Array keyIds(PreparedStatement ps, Collection<String> ids) throws SQLException {
        return ps.getConnection().createArrayOf("text", ids.toArray());
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
