package com.sprintrr.keys.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.keys.crypto.Sealed;
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

    @Inject
    DataSource dataSource;

    public Optional<StoredKey> findStored(String accountId, Provider provider) {
        String sql = "SELECT key_id, ciphertext, key_version FROM provider_keys WHERE account_id = ? AND provider = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredKey(new Sealed(rs.getString("key_id"), rs.getBytes("ciphertext")),
                        rs.getLong("key_version"))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("read a key to check", e);
        }
    }

    public Optional<KeyRow> find(String accountId, Provider provider) {
        String sql = "SELECT " + KeyRepository.SUMMARY + " FROM provider_keys WHERE account_id = ? AND provider = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, provider.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.keyRow(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("read a key", e);
        }
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(APPLY_GENERATION)) {
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
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw KeyRepository.failure("record a generation's effect on a key", e);
        }
    }

    /** The verdict of a live check of this key version; a rejection records failureCode as the last failure. */
    public boolean applyCheck(String accountId, Provider provider, long keyVersion, boolean accepted, String failureCode) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(APPLY_CHECK)) {
            ps.setString(1, accepted ? OK : REJECTED);
            ps.setBoolean(2, accepted);
            ps.setBoolean(3, !accepted);
            ps.setBoolean(4, !accepted);
            ps.setString(5, failureCode);
            ps.setString(6, accountId);
            ps.setString(7, provider.id());
            ps.setLong(8, keyVersion);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw KeyRepository.failure("record a key check", e);
        }
    }
}
