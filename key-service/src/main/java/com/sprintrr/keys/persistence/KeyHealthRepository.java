package com.sprintrr.keys.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.platform.db.Sql;
import com.sprintrr.providers.Provider;

/**
 * The health columns of {@code provider_keys} (V4). Every write names the key_version it is about,
 * so evidence about a replaced key never touches its successor, and compares times, so evidence
 * arriving late or twice never moves the state backwards.
 */
@ApplicationScoped
public class KeyHealthRepository {

    public static final String OK = "ok";
    public static final String REJECTED = "rejected";

    /** A stored key's ciphertext and version, for a live re-check. */
    public record StoredKey(Sealed sealed, long keyVersion) {
    }

    // In an UPDATE every expression reads the row as it was, so the assignments cannot affect each other.
    private static final String APPLY_GENERATION = "UPDATE provider_keys SET "
            + "last_used_at = GREATEST(last_used_at, ?), "
            + "last_failure_at = CASE WHEN ? AND (last_failure_at IS NULL OR last_failure_at < ?) THEN ? ELSE last_failure_at END, "
            + "last_failure_code = CASE WHEN ? AND (last_failure_at IS NULL OR last_failure_at < ?) THEN ? ELSE last_failure_code END, "
            + "status = CASE WHEN ? IS NOT NULL AND (status_at IS NULL OR status_at < ?) THEN ? ELSE status END, "
            + "status_at = CASE WHEN ? IS NOT NULL AND (status_at IS NULL OR status_at < ?) THEN ? ELSE status_at END "
            + "WHERE account_id = ? AND provider = ? AND key_version = ?";

    private static final String APPLY_CHECK = "UPDATE provider_keys SET status = ?, status_at = GREATEST(status_at, now()), "
            + "validated_at = CASE WHEN ? THEN now() ELSE validated_at END, "
            + "last_failure_at = CASE WHEN ? THEN now() ELSE last_failure_at END, "
            + "last_failure_code = CASE WHEN ? THEN ? ELSE last_failure_code END "
            + "WHERE account_id = ? AND provider = ? AND key_version = ?";

    private final Sql sql;

    KeyHealthRepository(Sql sql) {
        this.sql = sql;
    }

    public Optional<StoredKey> findStored(String accountId, Provider provider) {
        return sql.first("read a key to check",
                "SELECT key_id, ciphertext, key_version FROM provider_keys WHERE account_id = ? AND provider = ?",
                Rows.key(accountId, provider), rs -> new StoredKey(new Sealed(rs.getString("key_id"), rs.getBytes("ciphertext")),
                        rs.getLong("key_version")));
    }

    public Optional<KeyRow> find(String accountId, Provider provider) {
        return sql.first("read a key",
                "SELECT " + KeyRepository.SUMMARY + " FROM provider_keys WHERE account_id = ? AND provider = ?",
                Rows.key(accountId, provider), Rows::keyRow);
    }

    /**
     * A byok generation that ran on this key version at {@code at}: it was used; a failure records its
     * code; newStatus (null: no verdict, e.g. a timeout) applies only if newer than the current verdict.
     * Returns false when no key of this version is stored (replaced or deleted since).
     */
    public boolean applyGeneration(String accountId, Provider provider, long keyVersion, Instant at, String failureCode,
            String newStatus) {
        Timestamp ts = Timestamp.from(at);
        boolean failed = failureCode != null;
        return sql.update("record a generation's effect on a key", APPLY_GENERATION, ps -> {
            ps.setTimestamp(1, ts);
            ps.setBoolean(2, failed);
            ps.setTimestamp(3, ts);
            ps.setTimestamp(4, ts);
            ps.setBoolean(5, failed);
            ps.setTimestamp(6, ts);
            ps.setString(7, failureCode);
            ps.setString(8, newStatus);
            ps.setTimestamp(9, ts);
            ps.setString(10, newStatus);
            ps.setString(11, newStatus);
            ps.setTimestamp(12, ts);
            ps.setTimestamp(13, ts);
            ps.setString(14, accountId);
            ps.setString(15, provider.id());
            ps.setLong(16, keyVersion);
        }) == 1;
    }

    /** The verdict of a live check of this key version; a rejection records failureCode as the last failure. */
    public boolean applyCheck(String accountId, Provider provider, long keyVersion, boolean accepted, String failureCode) {
        return sql.update("record a key check", APPLY_CHECK, ps -> {
            ps.setString(1, accepted ? OK : REJECTED);
            ps.setBoolean(2, accepted);
            ps.setBoolean(3, !accepted);
            ps.setBoolean(4, !accepted);
            ps.setString(5, failureCode);
            ps.setString(6, accountId);
            ps.setString(7, provider.id());
            ps.setLong(8, keyVersion);
        }) == 1;
    }
}
