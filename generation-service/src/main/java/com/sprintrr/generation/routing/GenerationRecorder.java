package com.sprintrr.generation.routing;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.outbox.GenerationCompleted;
import com.sprintrr.generation.outbox.OutboxRelay;
import com.sprintrr.generation.outbox.Topics;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.persistence.GenerationRepository;

/**
 * Writes the one outcome of an in-flight generation: its generations row and its
 * generation-completed event atomically (the outbox pattern), in one SQL statement on an
 * auto-commit connection that also deletes the in_flight row and records only if that row was
 * still there. One round trip and one commit, with no JTA transaction around it.
 */
@ApplicationScoped
public class GenerationRecorder {

    private final GenerationRepository generations;
    private final OutboxRelay relay;
    private final ObjectMapper json;

    @Inject
    GenerationRecorder(GenerationRepository generations, OutboxRelay relay, ObjectMapper json) {
        this.generations = generations;
        this.relay = relay;
        this.json = json;
    }

    /**
     * Records the outcome; false when another party (recovery, shutdown) recorded this generation
     * first. A failure that is not final frees the generation's Idempotency-Key in the same
     * statement, so only final outcomes are replayed. onlyIfExpired: recovery of an expired lease.
     */
    public boolean record(Generation generation, boolean onlyIfExpired) {
        GenerationCompleted event = GenerationCompleted.of(generation);
        boolean recorded = generations.recordWithEvent(generation, UUID.fromString(event.eventId()),
                Topics.GENERATION_COMPLETED, write(event), !generation.replayable(), onlyIfExpired);
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
