package com.sprintrr.keys.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-account rate limit state in {@code validation_rate_limits}, one row per account, as a
 * generic cell rate algorithm (GCRA): the row keeps the "theoretical arrival time" (tat). An
 * attempt is allowed when tat - now stays within the burst tolerance, and then moves tat on by one
 * interval. A single atomic upsert decides, so the limit holds across replicas and concurrent requests.
 */
@ApplicationScoped
public class RateLimitRepository {

    @Inject
    DataSource dataSource;

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
        String wait = "SELECT (extract(epoch FROM (tat - now())) * 1000)::bigint - ? FROM validation_rate_limits "
                + "WHERE account_id = ?";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(take)) {
                ps.setString(1, accountId);
                ps.setLong(2, micros(interval));
                ps.setLong(3, micros(interval));
                ps.setLong(4, micros(tolerance));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return OptionalLong.empty();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(wait)) {
                ps.setLong(1, tolerance.toMillis());
                ps.setString(2, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    return OptionalLong.of(rs.next() ? Math.max(1, rs.getLong(1)) : 1);
                }
            }
        } catch (SQLException e) {
            throw KeyRepository.failure("count validation attempts", e);
        }
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }
}
