package com.sprintrr.keys.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.providers.Provider;

/**
 * The {@code byok_settings} table. Its row is also the account's lock: every change to an
 * account's keys or settings first locks it, so concurrent changes of one account run one by one.
 */
@ApplicationScoped
public class SettingsRepository {

    @Inject
    DataSource dataSource;

    /** Creates the account's settings row if missing and locks it until the transaction ends. */
    public SettingsRow lockAccount(String accountId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO byok_settings (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING")) {
                ps.setString(1, accountId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT enabled, active_provider FROM byok_settings WHERE account_id = ? FOR UPDATE")) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new SettingsRow(rs.getBoolean("enabled"), Rows.provider(rs, "active_provider"));
                }
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("lock an account", e);
        }
    }

    public SettingsRow find(String accountId) {
        String sql = "SELECT enabled, active_provider FROM byok_settings WHERE account_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new SettingsRow(rs.getBoolean("enabled"), Rows.provider(rs, "active_provider"))
                        : SettingsRow.NONE;
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("read settings", e);
        }
    }

    /** Writes the settings of an account whose row {@link #lockAccount} created. */
    public void save(String accountId, SettingsRow settings) {
        String sql = "UPDATE byok_settings SET enabled = ?, active_provider = ?, updated_at = now() WHERE account_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, settings.enabled());
            ps.setString(2, settings.activeProvider() == null ? null : settings.activeProvider().id());
            ps.setString(3, accountId);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("Settings row missing; lockAccount must run first");
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("write settings", e);
        }
    }

    /** The settings with the active provider's model and ciphertext, in one indexed read. */
    public Optional<ActiveKeyRow> findActive(String accountId) {
        String sql = "SELECT s.enabled, s.active_provider, k.model, k.key_id, k.ciphertext, k.key_version FROM byok_settings s "
                + "LEFT JOIN provider_keys k ON k.account_id = s.account_id AND k.provider = s.active_provider "
                + "WHERE s.account_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Provider active = Rows.provider(rs, "active_provider");
                byte[] blob = rs.getBytes("ciphertext");
                Sealed sealed = blob == null ? null : new Sealed(rs.getString("key_id"), blob);
                long version = rs.getLong("key_version");
                Long keyVersion = rs.wasNull() ? null : version;
                return Optional.of(new ActiveKeyRow(rs.getBoolean("enabled"), active, rs.getString("model"), sealed,
                        keyVersion));
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("read the active key", e);
        }
    }
}
