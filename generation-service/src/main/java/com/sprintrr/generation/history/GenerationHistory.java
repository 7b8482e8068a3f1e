package com.sprintrr.generation.history;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.persistence.GenerationQueries;
import com.sprintrr.generation.persistence.GenerationQueries.Position;
import com.sprintrr.generation.persistence.GenerationQueries.UsageRow;
import com.sprintrr.platform.problem.Problems;

/**
 * The caller's own history (keyset pages, newest first) and usage sums. Parameters are checked
 * strictly: anything malformed or out of range is 400 {@code invalid_request}.
 */
@ApplicationScoped
public class GenerationHistory {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_USAGE_DAYS = 92;

    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,3}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** One page: the generations and the cursor of the next page (null on the last one). */
    public record Page(List<Generation> items, String nextCursor) {
    }

    /** The usage of the inclusive UTC date range [from, to]. */
    public record Usage(LocalDate from, LocalDate to, List<UsageRow> rows) {
    }

    private final GenerationQueries queries;

    @Inject
    GenerationHistory(GenerationQueries queries) {
        this.queries = queries;
    }

    public Page page(String accountId, String limitParam, String cursorParam, String sourceParam) {
        int limit = limit(limitParam);
        String source = source(sourceParam);
        Position after = null;
        if (cursorParam != null) {
            after = HistoryCursor.decode(cursorParam)
                    .orElseThrow(() -> Problems.invalidRequest("'cursor' is not a cursor from a previous page."));
        }
        // One row more than asked tells whether there is a next page without a count query.
        List<Generation> rows = queries.page(accountId, source, after, limit + 1);
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<Generation> items = rows.subList(0, limit);
        Generation last = items.get(limit - 1);
        return new Page(items, HistoryCursor.encode(new Position(last.createdAt(), last.id())));
    }

    public Usage usage(String accountId, String fromParam, String toParam) {
        LocalDate from = date("from", fromParam);
        LocalDate to = date("to", toParam);
        if (from.isAfter(to)) {
            throw Problems.invalidRequest("'from' must not be after 'to'.");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_USAGE_DAYS) {
            throw Problems.invalidRequest("A usage range covers at most " + MAX_USAGE_DAYS + " days.");
        }
        return new Usage(from, to, queries.usage(accountId, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    private static int limit(String param) {
        if (param == null) {
            return DEFAULT_LIMIT;
        }
        int limit = LIMIT.matcher(param).matches() ? Integer.parseInt(param) : -1;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problems.invalidRequest("'limit' must be an integer from 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }

    private static String source(String param) {
        if (param == null) {
            return null;
        }
        return Source.fromId(param).map(Source::id)
                .orElseThrow(() -> Problems.invalidRequest("'source' must be byok or credits."));
    }

    private static LocalDate date(String name, String param) {
        if (param == null || !DATE.matcher(param).matches()) {
            throw Problems.invalidRequest("'" + name + "' is required as a UTC date YYYY-MM-DD.");
        }
        try {
            return LocalDate.parse(param, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            throw Problems.invalidRequest("'" + name + "' is not a valid date.");
        }
    }
}
