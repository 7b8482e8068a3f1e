package com.sprintrr.keys.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;
import com.sprintrr.providers.Provider;

/** The {@code provider_keys} table: one encrypted key per account and provider. */
@ApplicationScoped
public class KeyRepository {

    static final String SUMMARY = "provider, hint, model, validated_at, updated_at, status, last_used_at, "
            + "last_failure_at, last_failure_code";

    private final Sql sql;

    KeyRepository(Sql sql) {
        this.sql = sql;
    }

    /** Outcome of an upsert: the stored row and whether it replaced an earlier key. */
    public record Upserted(KeyRow row, boolean replaced) {
    }

    public List<KeyRow> findAll(String accountId) {
        return sql.list("read the keys of an account",
                "SELECT " + SUMMARY + " FROM provider_keys WHERE account_id = ? ORDER BY provider",
                ps -> ps.setString(1, accountId), Rows::keyRow);
    }

    public boolean exists(String accountId, Provider provider) {
        return sql.first("look up a key", "SELECT 1 FROM provider_keys WHERE account_id = ? AND provider = ?",
                Rows.key(accountId, provider), rs -> Boolean.TRUE).isPresent();
    }

    /**
     * Inserts or atomically replaces the account's key for this provider. A replacement is a new key:
     * it gets a new key_version (the column default) and a fresh health (ok, never used).
     */
    public Upserted upsert(String accountId, Provider provider, Sealed sealed, String hint, String model) {
        String upsert = "INSERT INTO provider_keys AS k (account_id, provider, ciphertext, key_id, hint, model, "
                + "validated_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, now(), now()) "
                + "ON CONFLICT (account_id, provider) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, "
                + "key_id = EXCLUDED.key_id, hint = EXCLUDED.hint, model = EXCLUDED.model, "
                + "validated_at = EXCLUDED.validated_at, updated_at = EXCLUDED.updated_at, unreadable_since = NULL, "
                + "key_version = EXCLUDED.key_version, status = 'ok', status_at = NULL, last_used_at = NULL, "
                + "last_failure_at = NULL, last_failure_code = NULL "
                + "RETURNING " + SUMMARY + ", (xmax <> 0) AS replaced";
        return sql.first("store a key", upsert, ps -> {
            Rows.key(accountId, provider).bind(ps);
            ps.setBytes(3, sealed.blob());
            ps.setString(4, sealed.keyId());
            ps.setString(5, hint);
            ps.setString(6, model);
        }, rs -> new Upserted(Rows.keyRow(rs), rs.getBoolean("replaced"))).orElseThrow();
    }

    public Optional<KeyRow> updateModel(String accountId, Provider provider, String model) {
        return sql.first("change a key's model", "UPDATE provider_keys SET model = ?, updated_at = now() "
                + "WHERE account_id = ? AND provider = ? RETURNING " + SUMMARY, ps -> {
                    ps.setString(1, model);
                    ps.setString(2, accountId);
                    ps.setString(3, provider.id());
                }, Rows::keyRow);
    }

    public boolean delete(String accountId, Provider provider) {
        return sql.update("delete a key", "DELETE FROM provider_keys WHERE account_id = ? AND provider = ?",
                Rows.key(accountId, provider)) == 1;
    }

    /**
     * Locks up to limit rows whose master key is readable but not the primary and that were not found
     * unreadable before; rows other replicas hold are skipped, so several replicas can re-encrypt at
     * once without waiting or doing a row twice.
     */
    public List<SealedRow> lockNotUnder(String primaryKeyId, Collection<String> readableKeyIds, int limit) {
        return sql.list("select keys to re-encrypt", "SELECT account_id, provider, ciphertext, key_id FROM provider_keys "
                + "WHERE key_id <> ? AND key_id = ANY (?) AND unreadable_since IS NULL "
                + "ORDER BY account_id, provider LIMIT ? FOR UPDATE SKIP LOCKED", ps -> {
                    ps.setString(1, primaryKeyId);
                    ps.setArray(2, SqlValues.texts(ps.getConnection(), readableKeyIds));
                    ps.setInt(3, limit);
                }, rs -> new SealedRow(rs.getString("account_id"), Rows.provider(rs, "provider"),
                        new Sealed(rs.getString("key_id"), rs.getBytes("ciphertext"))));
    }

    /** Replaces a row's ciphertext after re-encryption; the key, hint and timestamps stay. */
    public void replaceCiphertext(String accountId, Provider provider, Sealed sealed) {
        sql.update("store a re-encrypted key",
                "UPDATE provider_keys SET ciphertext = ?, key_id = ? WHERE account_id = ? AND provider = ?", ps -> {
                    ps.setBytes(1, sealed.blob());
                    ps.setString(2, sealed.keyId());
                    ps.setString(3, accountId);
                    ps.setString(4, provider.id());
                });
    }

    /** Marks a locked row as not authenticating under its master key, so later batches skip it. */
    public void markUnreadable(String accountId, Provider provider) {
        sql.update("mark a key unreadable",
                "UPDATE provider_keys SET unreadable_since = now() WHERE account_id = ? AND provider = ?",
                Rows.key(accountId, provider));
    }

    /** How many rows are not under the primary key: those a batch can move, and those it cannot. */
    public record Backlog(long movable, long unreadable) {
    }

    public Backlog countNotUnder(String primaryKeyId, Collection<String> readableKeyIds) {
        return sql.first("count keys to re-encrypt",
                "SELECT count(*) FILTER (WHERE key_id = ANY (?) AND unreadable_since IS NULL), "
                        + "count(*) FILTER (WHERE NOT key_id = ANY (?) OR unreadable_since IS NOT NULL) "
                        + "FROM provider_keys WHERE key_id <> ?", ps -> {
                            ps.setArray(1, SqlValues.texts(ps.getConnection(), readableKeyIds));
                            ps.setArray(2, SqlValues.texts(ps.getConnection(), readableKeyIds));
                            ps.setString(3, primaryKeyId);
                        }, rs -> new Backlog(rs.getLong(1), rs.getLong(2))).orElseThrow();
    }

    /** A row re-encryption cannot move: where it is and whether its master key is configured at all. */
    public record UnreadableRow(String accountId, Provider provider, String keyId, boolean keyConfigured) {
    }

    /** The first limit rows not under the primary key that no batch can move, by account and provider. */
    public List<UnreadableRow> findUnreadable(String primaryKeyId, Collection<String> readableKeyIds, int limit) {
        return sql.list("list keys that cannot be re-encrypted",
                "SELECT account_id, provider, key_id, key_id = ANY (?) AS configured FROM provider_keys "
                        + "WHERE key_id <> ? AND (NOT key_id = ANY (?) OR unreadable_since IS NOT NULL) "
                        + "ORDER BY account_id, provider LIMIT ?", ps -> {
                            ps.setArray(1, SqlValues.texts(ps.getConnection(), readableKeyIds));
                            ps.setString(2, primaryKeyId);
                            ps.setArray(3, SqlValues.texts(ps.getConnection(), readableKeyIds));
                            ps.setInt(4, limit);
                        }, rs -> new UnreadableRow(rs.getString("account_id"), Rows.provider(rs, "provider"),
                                rs.getString("key_id"), rs.getBoolean("configured")));
    }
}
