package com.sprintrr.generation.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.platform.db.Sql;

/**
 * Idempotency-Key claims, one per (account, key). Each statement runs on its own connection in
 * auto-commit: a claim must be visible to a concurrent duplicate before the work starts. A won
 * claim writes the generation's in_flight row in the same statement, so a claim is never without
 * either a live lease or a recorded outcome (see V2__in_flight.sql).
 */
@ApplicationScoped
public class IdempotencyRepository {

    /**
     * What a claim attempt found. won: the key is ours for generationId. Otherwise the existing
     * claim: its request hash, its generation and whether that generation is still in flight
     * (generationId null when the claim vanished meanwhile: the caller may simply try again).
     */
    public record Claim(String requestHash, UUID generationId, boolean won, boolean inFlight) {
    }

    /** Inserts the in_flight row of the generation a claim statement returned (CTE "claimed"). */
    private static final String JOURNAL_CLAIMED = " INSERT INTO in_flight (generation_id, account_id, idempotency_key,"
            + " owner, lease_until) SELECT generation_id, account_id, key, ?, now() + make_interval(secs => ?) FROM claimed";

    /** Claims a free key and journals its generation. */
    private static final String INSERT = "WITH claimed AS (INSERT INTO idempotency_keys"
            + " (account_id, key, request_hash, generation_id) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING"
            + " RETURNING account_id, key, generation_id)" + JOURNAL_CLAIMED;
    /** The existing claim, whether its generation is in flight and whether it has a final outcome. */
    private static final String SELECT = "SELECT k.request_hash, k.generation_id,"
            + " EXISTS (SELECT 1 FROM in_flight f WHERE f.generation_id = k.generation_id),"
            + " EXISTS (SELECT 1 FROM generations g WHERE g.id = k.generation_id AND " + Generation.REPLAYABLE_SQL + ")"
            + " FROM idempotency_keys k WHERE k.account_id = ? AND k.key = ?";
    // The generation_id guard makes two concurrent take-overs of one claim exclusive: the second
    // re-checks the row the first updated and no longer matches.
    private static final String TAKE_OVER = "WITH claimed AS (UPDATE idempotency_keys k"
            + " SET generation_id = ?, request_hash = ?, created_at = now() WHERE k.account_id = ? AND k.key = ? AND k.generation_id = ?"
            + " AND NOT EXISTS (SELECT 1 FROM in_flight f WHERE f.generation_id = k.generation_id)"
            + " AND NOT EXISTS (SELECT 1 FROM generations g WHERE g.id = k.generation_id AND " + Generation.REPLAYABLE_SQL
            + ") RETURNING account_id, key, generation_id)" + JOURNAL_CLAIMED;

    private final Sql sql;

    @Inject
    IdempotencyRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Claims the key for generationId and journals it in flight for owner, or returns the existing
     * claim. An existing claim is taken over only when its generation is neither in flight nor
     * recorded with a final outcome (a key left behind by an older version, or whose release failed):
     * a crashed instance's claims are freed by the recovery of its expired leases instead.
     */
    public Claim claim(String accountId, String key, String requestHash, UUID generationId, String owner,
            Duration lease) {
        return sql.run("claim an idempotency key", c -> {
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                s.setString(1, accountId);
                s.setString(2, key);
                s.setString(3, requestHash);
                s.setObject(4, generationId);
                s.setString(5, owner);
                s.setDouble(6, InFlightRepository.seconds(lease));
                if (s.executeUpdate() == 1) {
                    return new Claim(requestHash, generationId, true, true);
                }
            }
            Claim existing;
            boolean settled;
            try (PreparedStatement s = c.prepareStatement(SELECT)) {
                s.setString(1, accountId);
                s.setString(2, key);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return new Claim(requestHash, null, false, false);
                    }
                    existing = new Claim(rs.getString(1), rs.getObject(2, UUID.class), false, rs.getBoolean(3));
                    settled = rs.getBoolean(4);
                }
            }
            if (existing.inFlight() || settled || !existing.requestHash().equals(requestHash)) {
                return existing;
            }
            try (PreparedStatement s = c.prepareStatement(TAKE_OVER)) {
                s.setObject(1, generationId);
                s.setString(2, requestHash);
                s.setString(3, accountId);
                s.setString(4, key);
                s.setObject(5, existing.generationId());
                s.setString(6, owner);
                s.setDouble(7, InFlightRepository.seconds(lease));
                if (s.executeUpdate() == 1) {
                    return new Claim(requestHash, generationId, true, true);
                }
            }
            return existing;
        });
    }

    /** Forgets keys older than the retention; returns how many. */
    public int deleteOlderThan(Duration retention) {
        return sql.update("prune idempotency keys",
                "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ?)",
                s -> s.setDouble(1, InFlightRepository.seconds(retention)));
    }

}
