package com.sprintrr.keys.persistence;

import java.time.Duration;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.platform.db.Sql;

/**
 * Per-account rate limit state in {@code validation_rate_limits}, one row per account, as a
 * generic cell rate algorithm (GCRA): the row keeps the "theoretical arrival time" (tat). An
 * attempt is allowed when tat - now stays within the burst tolerance, and then moves tat on by one
 * interval. A single atomic upsert decides, so the limit holds across replicas and concurrent requests.
 */
@ApplicationScoped
public class RateLimitRepository {

    private static final String DOING = "count validation attempts";

    private final Sql sql;

    RateLimitRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Takes one attempt if allowed.
     *
     * @param interval window / attempts: how far one attempt moves tat
     * @param tolerance window - interval: how far ahead of now tat may be before an attempt
     * @return empty when allowed, else the milliseconds until the next attempt is allowed
     */
    public OptionalLong take(String accountId, Duration interval, Duration tolerance) {
        String take = "INSERT INTO validation_rate_limits AS r (account_id, tat) "
                + "VALUES (?, now() + ? * interval '1 microsecond') "
                + "ON CONFLICT (account_id) DO UPDATE SET tat = GREATEST(r.tat, now()) + ? * interval '1 microsecond' "
                + "WHERE GREATEST(r.tat, now()) - now() <= ? * interval '1 microsecond' "
                + "RETURNING tat";
        boolean allowed = sql.first(DOING, take, ps -> {
            ps.setString(1, accountId);
            ps.setLong(2, micros(interval));
            ps.setLong(3, micros(interval));
            ps.setLong(4, micros(tolerance));
        }, rs -> Boolean.TRUE).isPresent();
        if (allowed) {
            return OptionalLong.empty();
        }
        String wait = "SELECT (extract(epoch FROM (tat - now())) * 1000)::bigint - ? FROM validation_rate_limits "
                + "WHERE account_id = ?";
        return OptionalLong.of(sql.first(DOING, wait, ps -> {
            ps.setLong(1, tolerance.toMillis());
            ps.setString(2, accountId);
        }, rs -> Math.max(1, rs.getLong(1))).orElse(1L));
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
