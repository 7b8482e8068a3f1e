package com.sprintrr.keys.persistence;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.db.SqlValues;
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

    /**
     * What a batch of generations says about one key version: when it was last used, its newest
     * failure (code) and its newest verdict (null: none, e.g. only timeouts). Built by the consumer
     * with at most one per key, as one UPDATE must not name a row twice.
     */
    public record KeyEvidence(String accountId, Provider provider, long keyVersion, Instant usedAt, Instant failureAt,
            String failureCode, Instant statusAt, String status) {
    }

    // One statement for a whole batch, one row of evidence per key. In an UPDATE every expression
    // reads the row as it was, so the assignments cannot affect each other; each compares times, so
    // evidence older than what is stored changes nothing.
    private static final String APPLY_GENERATIONS = "UPDATE provider_keys k SET "
            + "last_used_at = GREATEST(k.last_used_at, e.used_at), "
            + "last_failure_at = CASE WHEN e.failure_at IS NOT NULL AND (k.last_failure_at IS NULL OR k.last_failure_at < e.failure_at) "
            + "THEN e.failure_at ELSE k.last_failure_at END, "
            + "last_failure_code = CASE WHEN e.failure_at IS NOT NULL AND (k.last_failure_at IS NULL OR k.last_failure_at < e.failure_at) "
            + "THEN e.failure_code ELSE k.last_failure_code END, "
            + "status = CASE WHEN e.status IS NOT NULL AND (k.status_at IS NULL OR k.status_at < e.status_at) "
            + "THEN e.status ELSE k.status END, "
            + "status_at = CASE WHEN e.status IS NOT NULL AND (k.status_at IS NULL OR k.status_at < e.status_at) "
            + "THEN e.status_at ELSE k.status_at END "
            + "FROM unnest(?::text[], ?::text[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[]) "
            + "AS e(account_id, provider, key_version, used_at, failure_at, failure_code, status_at, status) "
            + "WHERE k.account_id = e.account_id AND k.provider = e.provider AND k.key_version = e.key_version";

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
     * Byok generations' evidence, at most one per key version, in one statement (one round trip, one
     * commit). Evidence about a version no longer stored (replaced or deleted since) matches no row.
     * Returns how many keys it touched.
     */
    public int applyGenerations(List<KeyEvidence> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        return sql.update("record generations' effect on keys", APPLY_GENERATIONS, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, SqlValues.texts(c, each(keys, KeyEvidence::accountId)));
            ps.setArray(2, SqlValues.texts(c, each(keys, k -> k.provider().id())));
            ps.setArray(3, SqlValues.longs(c, each(keys, KeyEvidence::keyVersion)));
            ps.setArray(4, SqlValues.instants(c, each(keys, KeyEvidence::usedAt)));
            ps.setArray(5, SqlValues.instants(c, each(keys, KeyEvidence::failureAt)));
            ps.setArray(6, SqlValues.texts(c, each(keys, KeyEvidence::failureCode)));
            ps.setArray(7, SqlValues.instants(c, each(keys, KeyEvidence::statusAt)));
            ps.setArray(8, SqlValues.texts(c, each(keys, KeyEvidence::status)));
        });
    }

    /** One column of the evidence, in order; nulls kept (Stream.toList allows them). */
    private static <T> List<T> each(List<KeyEvidence> keys, Function<KeyEvidence, T> column) {
        return keys.stream().map(column).toList();
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
