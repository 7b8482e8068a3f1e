package com.sprintrr.keys.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.providers.Provider;

/** The {@code provider_keys} table: one encrypted key per account and provider. */
@ApplicationScoped
public class KeyRepository {

    static final String SUMMARY = "provider, hint, model, validated_at, updated_at, status, last_used_at, "
            + "last_failure_at, last_failure_code";

    @Inject
    DataSource dataSource;

    /** Outcome of an upsert: the stored row and whether it replaced an earlier key. */
    public record Upserted(KeyRow row, boolean replaced) {
    }

    public List<KeyRow> findAll(String accountId) {
        String sql = "SELECT " + SUMMARY + " FROM provider_keys WHERE account_id = ? ORDER BY provider";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            List<KeyRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Rows.keyRow(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("read the keys of an account", e);
        }
    }

    public boolean exists(String accountId, Provider provider) {
        String sql = "SELECT 1 FROM provider_keys WHERE account_id = ? AND provider = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up a key", e);
        }
    }

    /**
     * Inserts or atomically replaces the account's key for this provider. A replacement is a new key:
     * it gets a new key_version (the column default) and a fresh health (ok, never used).
     */
    public Upserted upsert(String accountId, Provider provider, Sealed sealed, String hint, String model) {
        String sql = "INSERT INTO provider_keys AS k (account_id, provider, ciphertext, key_id, hint, model, "
                + "validated_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, now(), now()) "
                + "ON CONFLICT (account_id, provider) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, "
                + "key_id = EXCLUDED.key_id, hint = EXCLUDED.hint, model = EXCLUDED.model, "
                + "validated_at = EXCLUDED.validated_at, updated_at = EXCLUDED.updated_at, unreadable_since = NULL, "
                + "key_version = EXCLUDED.key_version, status = 'ok', status_at = NULL, last_used_at = NULL, "
                + "last_failure_at = NULL, last_failure_code = NULL "
                + "RETURNING " + SUMMARY + ", (xmax <> 0) AS replaced";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
            ps.setBytes(3, sealed.blob());
            ps.setString(4, sealed.keyId());
            ps.setString(5, hint);
            ps.setString(6, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Upserted(Rows.keyRow(rs), rs.getBoolean("replaced"));
            }
        } catch (SQLException e) {
            throw failure("store a key", e);
        }
    }

    public Optional<KeyRow> updateModel(String accountId, Provider provider, String model) {
        String sql = "UPDATE provider_keys SET model = ?, updated_at = now() WHERE account_id = ? AND provider = ? "
                + "RETURNING " + SUMMARY;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, model);
            ps.setString(2, accountId);
            ps.setString(3, provider.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.keyRow(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("change a key's model", e);
        }
    }

    public boolean delete(String accountId, Provider provider) {
        String sql = "DELETE FROM provider_keys WHERE account_id = ? AND provider = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("delete a key", e);
        }
    }

    /**
     * Locks up to limit rows whose master key is readable but not the primary and that were not found
     * unreadable before; rows other replicas hold are skipped, so several replicas can re-encrypt at
     * once without waiting or doing a row twice.
     */
    public List<SealedRow> lockNotUnder(String primaryKeyId, Collection<String> readableKeyIds, int limit) {
        String sql = "SELECT account_id, provider, ciphertext, key_id FROM provider_keys "
                + "WHERE key_id <> ? AND key_id = ANY (?) AND unreadable_since IS NULL "
                + "ORDER BY account_id, provider LIMIT ? FOR UPDATE SKIP LOCKED";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("text", readableKeyIds.toArray());
            ps.setString(1, primaryKeyId);
            ps.setArray(2, ids);
            ps.setInt(3, limit);
            List<SealedRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SealedRow(rs.getString("account_id"), Rows.provider(rs, "provider"),
                            new Sealed(rs.getString("key_id"), rs.getBytes("ciphertext"))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("select keys to re-encrypt", e);
        }
    }

    /** Replaces a row's ciphertext after re-encryption; the key, hint and timestamps stay. */
    public void replaceCiphertext(String accountId, Provider provider, Sealed sealed) {
        String sql = "UPDATE provider_keys SET ciphertext = ?, key_id = ? WHERE account_id = ? AND provider = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, sealed.blob());
            ps.setString(2, sealed.keyId());
            ps.setString(3, accountId);
            ps.setString(4, provider.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("store a re-encrypted key", e);
        }
    }

    /** Marks a locked row as not authenticating under its master key, so later batches skip it. */
    public void markUnreadable(String accountId, Provider provider) {
        String sql = "UPDATE provider_keys SET unreadable_since = now() WHERE account_id = ? AND provider = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("mark a key unreadable", e);
        }
    }

    /** How many rows are not under the primary key: those a batch can move, and those it cannot. */
    public record Backlog(long movable, long unreadable) {
    }

    public Backlog countNotUnder(String primaryKeyId, Collection<String> readableKeyIds) {
        String sql = "SELECT count(*) FILTER (WHERE key_id = ANY (?) AND unreadable_since IS NULL), "
                + "count(*) FILTER (WHERE NOT key_id = ANY (?) OR unreadable_since IS NOT NULL) "
                + "FROM provider_keys WHERE key_id <> ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("text", readableKeyIds.toArray());
            ps.setArray(1, ids);
            ps.setArray(2, ids);
            ps.setString(3, primaryKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Backlog(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw failure("count keys to re-encrypt", e);
        }
    }

    /** A row re-encryption cannot move: where it is and whether its master key is configured at all. */
    public record UnreadableRow(String accountId, Provider provider, String keyId, boolean keyConfigured) {
    }

    /** The first limit rows not under the primary key that no batch can move, by account and provider. */
    public List<UnreadableRow> findUnreadable(String primaryKeyId, Collection<String> readableKeyIds, int limit) {
        String sql = "SELECT account_id, provider, key_id, key_id = ANY (?) AS configured FROM provider_keys "
                + "WHERE key_id <> ? AND (NOT key_id = ANY (?) OR unreadable_since IS NOT NULL) "
                + "ORDER BY account_id, provider LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("text", readableKeyIds.toArray());
            ps.setArray(1, ids);
            ps.setString(2, primaryKeyId);
            ps.setArray(3, ids);
            ps.setInt(4, limit);
            List<UnreadableRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UnreadableRow(rs.getString("account_id"), Rows.provider(rs, "provider"),
                            rs.getString("key_id"), rs.getBoolean("configured")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw failure("list keys that cannot be re-encrypted", e);
        }
    }

    static PersistenceException failure(String what, SQLException e) {
        return new PersistenceException("Could not " + what + " (SQLState " + e.getSQLState() + ")", e);
    }
}
