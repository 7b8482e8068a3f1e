package com.sprintrr.keys.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.providers.Provider;

/** Direct looks into (and, for tampering tests, writes to) the service's tables. */
@ApplicationScoped
public class StoredRows {

    @Inject
    DataSource dataSource;

    /** The stored ciphertext and its master key id. */
    public record Ciphertext(byte[] blob, String keyId) {
    }

    public Optional<Ciphertext> ciphertext(String account, Provider provider) {
        return query("SELECT ciphertext, key_id FROM provider_keys WHERE account_id = ? AND provider = ?",
                rs -> new Ciphertext(rs.getBytes(1), rs.getString(2)), account, provider.id()).stream().findFirst();
    }

    /** The stored key's version (changes whenever the key is replaced). */
    public long keyVersion(String account, Provider provider) {
        return query("SELECT key_version FROM provider_keys WHERE account_id = ? AND provider = ?",
                rs -> rs.getLong(1), account, provider.id()).get(0);
    }

    public int keyCount(String account) {
        return query("SELECT count(*) FROM provider_keys WHERE account_id = ?", rs -> rs.getInt(1), account).get(0);
    }

    /** Every stored row of the account's keys, each column as text (bytea as hex), one string per row. */
    public List<String> keyRowsAsText(String account) {
        return query("SELECT k::text FROM provider_keys k WHERE account_id = ?", rs -> rs.getString(1), account);
    }

    /** Every row of every table that mentions the account, as text. */
    public String everythingAbout(String account) {
        List<String> rows = new ArrayList<>();
        rows.addAll(keyRowsAsText(account));
        rows.addAll(query("SELECT s::text FROM byok_settings s WHERE account_id = ?", rs -> rs.getString(1), account));
        rows.addAll(query("SELECT a::text FROM key_audit a WHERE account_id = ?", rs -> rs.getString(1), account));
        return String.join("\n", rows);
    }

    public List<String> auditActions(String account) {
        return query("SELECT action || ':' || coalesce(provider, '-') FROM key_audit WHERE account_id = ? ORDER BY id",
                rs -> rs.getString(1), account);
    }

    /** The account's audit rows as text. */
    public String auditText(String account) {
        return String.join("\n", query("SELECT a::text FROM key_audit a WHERE account_id = ?", rs -> rs.getString(1), account));
    }

    /** Tries to rewrite the account's audit trail (the database must refuse). */
    public void rewriteAudit(String account) {
        update("UPDATE key_audit SET detail = 'rewritten' WHERE account_id = ?", account);
    }

    public void insertKey(String account, Provider provider, byte[] blob, String keyId, String model) {
        update("INSERT INTO provider_keys (account_id, provider, ciphertext, key_id, hint, model, validated_at, updated_at) "
                + "VALUES (?, ?, ?, ?, 'test…', ?, now(), now())", account, provider.id(), blob, keyId, model);
    }

    public void setCiphertext(String account, Provider provider, byte[] blob, String keyId) {
        update("UPDATE provider_keys SET ciphertext = ?, key_id = ? WHERE account_id = ? AND provider = ?",
                blob, keyId, account, provider.id());
    }

    public void enable(String account, Provider provider) {
        update("INSERT INTO byok_settings (account_id, enabled, active_provider) VALUES (?, true, ?) "
                + "ON CONFLICT (account_id) DO UPDATE SET enabled = true, active_provider = EXCLUDED.active_provider",
                account, provider.id());
    }

    public void deleteAccount(String account) {
        update("DELETE FROM byok_settings WHERE account_id = ?", account);
        update("DELETE FROM provider_keys WHERE account_id = ?", account);
    }

    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Reader<T> reader, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
