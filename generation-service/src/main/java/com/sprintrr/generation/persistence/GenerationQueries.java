package com.sprintrr.generation.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.platform.db.Sql;

/**
 * Reads over one account's generations: the history page and the usage sums. Both are a range of
 * the index {@code generations_history (account_id, created_at DESC, id DESC) INCLUDE (...)} (V3).
 */
@ApplicationScoped
public class GenerationQueries {

    /** The position of a generation in the history order: newest first by (createdAt, id). */
    public record Position(Instant createdAt, UUID id) {
    }

    /** The sums of one UTC day, source, provider and model. */
    public record UsageRow(LocalDate date, String source, String provider, String model, long generations,
            long succeeded, long failed, long inputTokens, long outputTokens, long credits) {
    }

    /** Public so a test can EXPLAIN exactly this statement. */
    public static final String USAGE_SQL = "SELECT (created_at AT TIME ZONE 'UTC')::date AS day, source, provider, model,"
            + " count(*) AS generations, count(*) FILTER (WHERE status = 'succeeded') AS succeeded,"
            + " count(*) FILTER (WHERE status = 'failed') AS failed, coalesce(sum(input_tokens), 0) AS input_tokens,"
            + " coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(credits_charged), 0) AS credits"
            + " FROM generations WHERE account_id = ? AND created_at >= ? AND created_at < ?"
            + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

    private final Sql sql;

    @Inject
    GenerationQueries(Sql sql) {
        this.sql = sql;
    }

    /**
     * Up to limit generations of the account strictly after {@code after} in history order (from the
     * newest when null), optionally of one source.
     */
    public List<Generation> page(String accountId, String source, Position after, int limit) {
        StringBuilder query = new StringBuilder("SELECT ").append(Generation.COLUMNS)
                .append(" FROM generations WHERE account_id = ?");
        if (source != null) {
            query.append(" AND source = ?");
        }
        if (after != null) {
            query.append(" AND (created_at, id) < (?, ?)");
        }
        query.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        return sql.list("read the generation history", query.toString(), s -> {
            int i = 1;
            s.setString(i++, accountId);
            if (source != null) {
                s.setString(i++, source);
            }
            if (after != null) {
                s.setTimestamp(i++, Timestamp.from(after.createdAt()));
                s.setObject(i++, after.id());
            }
            s.setInt(i, limit);
        }, GenerationRepository::read);
    }

    /** The account's sums per UTC day, source, provider and model for created_at in [from, toExclusive). */
    public List<UsageRow> usage(String accountId, Instant from, Instant toExclusive) {
        return sql.list("sum the usage", USAGE_SQL, s -> {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(toExclusive));
        }, rs -> new UsageRow(rs.getObject("day", LocalDate.class), rs.getString("source"), rs.getString("provider"),
                rs.getString("model"), rs.getLong("generations"), rs.getLong("succeeded"), rs.getLong("failed"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("credits")));
    }
}
