package com.sprintrr.credits.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.settlement.GenerationCompleted;
import com.sprintrr.credits.support.GenerationEvents;

/** Which values are events and, for the others, the reason the DLQ gets. */
class GenerationCompletedParserTest {

    private final GenerationCompletedParser parser = new GenerationCompletedParser();

    @Test
    void readsACreditsEvent() {
        UUID generation = UUID.randomUUID();
        GenerationCompleted event = parse(GenerationEvents.credits("acct-1", generation, "succeeded", "speed")).event();

        assertEquals(generation, event.generationId());
        assertEquals("acct-1", event.accountId());
        assertEquals(GenerationCompleted.Source.CREDITS, event.source());
        assertEquals(GenerationCompleted.Status.SUCCEEDED, event.status());
        assertEquals(Mode.SPEED, event.mode());
    }

    @Test
    void readsAByokEventWithoutModeAndIgnoresUnknownFieldsAndProviders() {
        Map<String, Object> e = GenerationEvents.event("acct-1", UUID.randomUUID(), "byok", "failed", null);
        e.put("provider", "mistral");
        e.put("somethingNew", true);

        GenerationCompleted event = parse(GenerationEvents.json(e)).event();

        assertEquals(GenerationCompleted.Source.BYOK, event.source());
        assertNull(event.mode());
    }

    @Test
    void readsEventsCarryingTheAdditiveErrorCodeAndKeyVersionFields() {
        Map<String, Object> failed = GenerationEvents.event("acct-1", UUID.randomUUID(), "credits", "failed", "quality");
        failed.put("errorCode", "provider_timeout");
        failed.put("keyVersion", null);
        assertEquals(GenerationCompleted.Status.FAILED, parse(GenerationEvents.json(failed)).event().status());

        Map<String, Object> byok = GenerationEvents.event("acct-1", UUID.randomUUID(), "byok", "failed", null);
        byok.put("errorCode", "byok_key_rejected");
        byok.put("keyVersion", 42);
        GenerationCompleted event = parse(GenerationEvents.json(byok)).event();
        assertEquals(GenerationCompleted.Source.BYOK, event.source());
        assertNull(parse(GenerationEvents.json(byok)).poisonReason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all                              | unparseable_json",
        "{\"a\":1} trailing                           | unparseable_json",
        "\"a string\"                                 | not_an_object",
        "{}                                           | missing_field: eventId",
        "{\"eventId\":\"1-2-3-4-5\"}                  | invalid_field: eventId",
        "{\"eventId\":\"000000000-000-0000-0000-000000000000\"} | invalid_field: eventId",
        "{\"eventId\":42}                             | invalid_field: eventId",
    })
    void namesWhatIsWrongWithAMalformedValue(String value, String reason) {
        assertEquals(reason, parse(value).poisonReason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "generationId | ''             | missing_field: generationId",
        "accountId    | 'a b'          | invalid_field: accountId",
        "source       | 'CREDITS'      | unknown_enum: source",
        "status       | 'pending'      | unknown_enum: status",
        "mode         | 'fast'         | unknown_enum: mode",
    })
    void namesTheFieldThatIsWrong(String field, String value, String reason) {
        Map<String, Object> e = GenerationEvents.event("acct-1", UUID.randomUUID(), "credits", "succeeded", "quality");
        e.put(field, value);
        assertEquals(reason, parse(GenerationEvents.json(e)).poisonReason());
    }

    @Test
    void refusesNegativeOrFractionalUsage() {
        Map<String, Object> e = GenerationEvents.event("acct-1", UUID.randomUUID(), "byok", "succeeded", null);
        e.put("usage", Map.of("outputTokens", -1));
        assertEquals("negative_number: usage.outputTokens", parse(GenerationEvents.json(e)).poisonReason());
        e.put("usage", Map.of("inputTokens", 1.5));
        assertEquals("invalid_field: usage.inputTokens", parse(GenerationEvents.json(e)).poisonReason());
    }

    @Test
    void refusesEmptyValues() {
        assertEquals("empty_value", parser.parse(null).poisonReason());
        assertEquals("empty_value", parser.parse(new byte[0]).poisonReason());
    }

    private GenerationCompletedParser.Parsed parse(String value) {
        return parser.parse(value.getBytes(StandardCharsets.UTF_8));
    }
}
