package com.sprintrr.keys.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;

import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;
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

    static Provider provider(ResultSet rs, String column) throws SQLException {
        String id = rs.getString(column);
        if (id == null) {
            return null;
        }
        return Provider.fromId(id).orElseThrow(() -> new IllegalStateException("Unknown provider in the database"));
    }

    static KeyRow keyRow(ResultSet rs) throws SQLException {
        return new KeyRow(provider(rs, "provider"), rs.getString("hint"), rs.getString("model"),
                SqlValues.instant(rs.getTimestamp("validated_at")), SqlValues.instant(rs.getTimestamp("updated_at")),
                rs.getString("status"), SqlValues.instant(rs.getTimestamp("last_used_at")),
                SqlValues.instant(rs.getTimestamp("last_failure_at")), rs.getString("last_failure_code"));
    }
}
