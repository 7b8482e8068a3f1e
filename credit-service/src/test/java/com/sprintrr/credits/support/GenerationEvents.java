package com.sprintrr.credits.support;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** generation-completed values as generation-service writes them (ARCHITECTURE.md), to send or to break on purpose. */
public final class GenerationEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GenerationEvents() {
    }

    /** A well-formed event as a mutable map, so a test can change or remove any field. */
    public static Map<String, Object> event(String accountId, UUID generationId, String source, String status, String mode) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("generationId", generationId.toString());
        e.put("accountId", accountId);
        e.put("source", source);
        e.put("status", status);
        e.put("provider", "anthropic");
        e.put("model", "claude-sonnet-4-6");
        e.put("mode", mode);
        e.put("usage", new LinkedHashMap<>(Map.of("inputTokens", 11, "outputTokens", 6)));
        e.put("occurredAt", Instant.now().toString());
        return e;
    }

    public static String credits(String accountId, UUID generationId, String status, String mode) {
        return json(event(accountId, generationId, "credits", status, mode));
    }

    public static String byok(String accountId, UUID generationId, String status) {
        return json(event(accountId, generationId, "byok", status, null));
    }

    public static String json(Map<String, Object> event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
