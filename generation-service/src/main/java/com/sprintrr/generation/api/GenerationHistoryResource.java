package com.sprintrr.generation.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sprintrr.generation.history.GenerationHistory;
import com.sprintrr.generation.persistence.GenerationQueries.UsageRow;
import com.sprintrr.platform.security.CallerAccount;

import io.quarkus.security.Authenticated;

/** {@code GET /v1/generations} (the caller's history, newest first) and {@code GET /v1/generations/usage}. */
@Path("/v1/generations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class GenerationHistoryResource {

    /** One history page; nextCursor is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PageBody(List<StoredGenerationResponse> items, String nextCursor) {
    }

    /** The usage of [from, to], one row per UTC day, source, provider and model that had generations. */
    public record UsageBody(String from, String to, List<UsageRowBody> rows) {
    }

    /** credits is what the credits path charged (0 for byok). */
    public record UsageRowBody(String date, String source, String provider, String model, long generations,
            long succeeded, long failed, long inputTokens, long outputTokens, long credits) {

        static UsageRowBody of(UsageRow r) {
            return new UsageRowBody(r.date().toString(), r.source(), r.provider(), r.model(), r.generations(),
                    r.succeeded(), r.failed(), r.inputTokens(), r.outputTokens(), r.credits());
        }
    }

    private final CallerAccount caller;

    private final GenerationHistory history;

    @Inject
    GenerationHistoryResource(CallerAccount caller, GenerationHistory history) {
        this.caller = caller;
        this.history = history;
    }

    @GET
    public PageBody list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @QueryParam("source") String source) {
        GenerationHistory.Page page = history.page(caller.id(), limit, cursor, source);
        return new PageBody(page.items().stream().map(StoredGenerationResponse::of).toList(), page.nextCursor());
    }

    @GET
    @Path("/usage")
    public UsageBody usage(@QueryParam("from") String from, @QueryParam("to") String to) {
        GenerationHistory.Usage usage = history.usage(caller.id(), from, to);
        return new UsageBody(usage.from().toString(), usage.to().toString(),
                usage.rows().stream().map(UsageRowBody::of).toList());
    }
}
