package com.sprintrr.keys.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.platform.db.Sql;

/**
 * The {@code byok_settings} table. Its row is also the account's lock: every change to an
 * account's keys or settings first locks it, so concurrent changes of one account run one by one.
 */
@ApplicationScoped
public class SettingsRepository {

    private final Sql sql;

    SettingsRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Creates the account's settings row if missing and locks it until the transaction ends. Only
     * {@code changes.StateChanges} calls it: every change of an account goes through there.
     */
    public SettingsRow lockAccount(String accountId) {
        // Both statements run on the transaction's one connection (Sql's connections enlist in it).
        sql.update("lock an account", "INSERT INTO byok_settings (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING",
                ps -> ps.setString(1, accountId));
        return sql.first("lock an account", "SELECT enabled, active_provider FROM byok_settings WHERE account_id = ? FOR UPDATE",
                ps -> ps.setString(1, accountId), SettingsRepository::settingsRow).orElseThrow();
    }

    public SettingsRow find(String accountId) {
        return sql.first("read settings", "SELECT enabled, active_provider FROM byok_settings WHERE account_id = ?",
                ps -> ps.setString(1, accountId), SettingsRepository::settingsRow).orElse(SettingsRow.NONE);
    }

    /** Writes the settings of an account whose row {@link #lockAccount} created. */
    public void save(String accountId, SettingsRow settings) {
        int updated = sql.update("write settings",
                "UPDATE byok_settings SET enabled = ?, active_provider = ?, updated_at = now() WHERE account_id = ?", ps -> {
                    ps.setBoolean(1, settings.enabled());
                    ps.setString(2, settings.activeProvider() == null ? null : settings.activeProvider().id());
                    ps.setString(3, accountId);
                });
        if (updated != 1) {
            throw new IllegalStateException("Settings row missing; lockAccount must run first");
        }
    }

    /**
     * Increments the account's state version (its row must be locked by {@link #lockAccount} in this
     * transaction, so versions of one account strictly increase in commit order) and returns the new one.
     */
    public long nextStateVersion(String accountId) {
        return sql.first("count a change of an account", "UPDATE byok_settings SET state_version = state_version + 1 "
                + "WHERE account_id = ? RETURNING state_version", ps -> ps.setString(1, accountId), rs -> rs.getLong(1))
                .orElseThrow(() -> new IllegalStateException("Settings row missing; lockAccount must run first"));
    }

    /**
     * The settings with the active provider's model and ciphertext and the state version, in one indexed
     * read, so the version is the one committed with exactly this state.
     */
    public Optional<ActiveKeyRow> findActive(String accountId) {
        return sql.first("read the active key", "SELECT s.enabled, s.active_provider, s.state_version, k.model, k.key_id, "
                + "k.ciphertext, k.key_version FROM byok_settings s "
                + "LEFT JOIN provider_keys k ON k.account_id = s.account_id AND k.provider = s.active_provider "
                + "WHERE s.account_id = ?", ps -> ps.setString(1, accountId), rs -> {
                    byte[] blob = rs.getBytes("ciphertext");
                    Sealed sealed = blob == null ? null : new Sealed(rs.getString("key_id"), blob);
                    long version = rs.getLong("key_version");
                    Long keyVersion = rs.wasNull() ? null : version;
                    return new ActiveKeyRow(rs.getBoolean("enabled"), Rows.provider(rs, "active_provider"),
                            rs.getString("model"), sealed, keyVersion, rs.getLong("state_version"));
                });
    }

    private static SettingsRow settingsRow(ResultSet rs) throws SQLException {
        return new SettingsRow(rs.getBoolean("enabled"), Rows.provider(rs, "active_provider"));
    }
}
