package com.sprintrr.generation.api;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.routing.GenerationRequest;
import com.sprintrr.generation.routing.GenerationService;
import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.platform.security.CallerAccount;

import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code /v1/generations}: plain JSON, or SSE with {@code Accept: text/event-stream}. Failures
 * before the first event are plain problem+json responses with their status; after it, an
 * {@code error} event.
 */
@Path("/v1/generations")
@Authenticated
public class GenerationResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final CallerAccount caller;

    private final GenerationService generations;

    private final GenerationConfig config;

    @Inject
    GenerationResource(CallerAccount caller, GenerationService generations, GenerationConfig config) {
        this.caller = caller;
        this.generations = generations;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public GenerationResponse generate(GenerateBody body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        String account = caller.id();
        GenerationRequest request = request(body);
        String key = idempotencyKey(idempotencyKey);
        return GenerationResponse.of(generations.generate(account, request, key, null).generation());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public void stream(GenerateBody body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Context SseEventSink sink, @Context Sse sse) {
        String account = caller.id();
        GenerationRequest request = request(body);
        String key = idempotencyKey(idempotencyKey);
        SseWriter writer = new SseWriter(sink, sse);
        GenerationService.Outcome outcome;
        try {
            outcome = generations.generate(account, request, key, writer::delta);
        } catch (ProblemException problem) {
            if (!writer.started()) {
                throw problem;
            }
            writer.error(problem);
            return;
        } catch (RuntimeException unexpected) {
            if (!writer.started()) {
                throw unexpected;
            }
            Log.error("Streamed generation failed unexpectedly", unexpected);
            writer.error(Problems.internalError());
            return;
        }
        Generation generation = outcome.generation();
        if (outcome.replayed()) {
            // The first answer's text in one piece, so a replayed stream reads like the original.
            writer.delta(generation.text());
        }
        writer.completed(GenerationResponse.of(generation));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public StoredGenerationResponse get(@PathParam("id") String id) {
        String account = caller.id();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GenerationProblems.generationNotFound();
        }
        return StoredGenerationResponse.of(generations.find(account, uuid));
    }

    private GenerationRequest request(GenerateBody body) {
        if (body == null) {
            throw Problems.invalidRequest("A JSON body is required.");
        }
        return GenerationRequest.of(body.prompt(), body.system(), body.maxTokens(), body.source(), body.mode(),
                config.limits());
    }

    private String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        int max = config.limits().idempotencyKeyMaxChars();
        if (header.isEmpty() || header.length() > max || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw Problems.invalidRequest("'Idempotency-Key' must be 1 to " + max + " visible ASCII characters.");
        }
        return header;
    }
}
