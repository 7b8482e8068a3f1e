package com.sprintrr.generation.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.providers.OutgoingTrace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * The one way a generation's outcome is written: its generations row and its generation-completed
 * event atomically (the outbox pattern), in one SQL statement on an auto-commit connection that
 * also deletes the in_flight row and records only if that row was still there; then the relay is
 * woken. One round trip and one commit, with no JTA transaction around it. The write is a span of
 * the generation's trace (no statement text or values: the JDBC driver is not instrumented), and
 * the outbox row keeps the trace's traceparent for the event.
 */
@ApplicationScoped
public class GenerationOutbox {

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");

    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final ObjectMapper json;
    private final Tracer tracer;

    @Inject
    GenerationOutbox(OutboxRepository outbox, OutboxRelay relay, ObjectMapper json, Tracer tracer) {
        this.outbox = outbox;
        this.relay = relay;
        this.json = json;
        this.tracer = tracer;
    }

    /**
     * Records the outcome with its event; false when another party (recovery, shutdown) recorded
     * this generation first. A failure that is not final frees the generation's Idempotency-Key in
     * the same statement, so only final outcomes are replayed. onlyIfExpired: recovery of an
     * expired lease.
     */
    public boolean record(Generation generation, boolean onlyIfExpired) {
        UUID eventId = UUID.randomUUID();
        String payload = write(GenerationCompleted.of(eventId, generation));
        Span span = tracer.spanBuilder("INSERT generations").setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, "postgresql")
                .setAttribute(DB_OPERATION, "INSERT")
                .setAttribute(DB_COLLECTION, "generations")
                .startSpan();
        boolean recorded;
        try {
            recorded = outbox.recordWithEvent(generation, eventId, payload, OutgoingTrace.currentTraceparent(),
                    !generation.replayable(), onlyIfExpired);
        } catch (RuntimeException e) {
            // No description: the message names the generation, nothing more useful to a trace.
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
        if (recorded) {
            relay.wakeUp();
        }
        return recorded;
    }

    private String write(GenerationCompleted event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a generation-completed event", e);
        }
    }
}
