package com.sprintrr.generation.routing;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.outbox.GenerationCompleted;
import com.sprintrr.generation.outbox.Topics;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.persistence.GenerationRepository;

/**
 * Writes a generation and its generation-completed event atomically (the outbox pattern). The two
 * rows go in one SQL statement on an auto-commit connection, which PostgreSQL runs as one
 * transaction: one round trip and one commit, with no JTA transaction around it.
 */
@ApplicationScoped
public class GenerationRecorder {

    private final GenerationRepository generations;
    private final ObjectMapper json;

    @Inject
    GenerationRecorder(GenerationRepository generations, ObjectMapper json) {
        this.generations = generations;
        this.json = json;
    }

    public void record(Generation generation) {
        GenerationCompleted event = GenerationCompleted.of(generation);
        generations.insertWithEvent(generation, UUID.fromString(event.eventId()), Topics.GENERATION_COMPLETED,
                write(event));
    }

    private String write(GenerationCompleted event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a generation-completed event", e);
        }
    }
}
