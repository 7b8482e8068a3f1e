package com.sprintrr.keys.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sprintrr.keys.support.GenerationEvents;
import com.sprintrr.providers.Provider;

/** What the token-stream reader takes from a record, and what it calls poison (the same as a tree read did). */
class KeyUsageParserTest {

    private final KeyUsageParser parser = new KeyUsageParser();

    @Test
    void readsAByokEventIgnoringUnknownAndNestedFields() {
        Instant at = Instant.parse("2026-06-01T10:00:00.123456Z");
        KeyUsageEvent event = parse(GenerationEvents.byok("acct-1", Provider.GEMINI, 42L, "byok_key_rejected", at))
                .event().orElseThrow();
        assertEquals(new KeyUsageEvent("acct-1", Provider.GEMINI, 42, false, "byok_key_rejected", at), event);
    }

    @Test
    void creditsEventsAndByokEventsWithoutAVersionAreIrrelevantNotPoison() {
        KeyUsageParser.Parsed credits = parse("{\"usage\":{\"source\":\"byok\"},\"source\":\"credits\",\"keyVersion\":1}");
        assertTrue(credits.event().isEmpty());
        assertNull(credits.poisonReason());
        KeyUsageParser.Parsed old = parse(GenerationEvents.byok("acct-1", Provider.OPENAI, null, null, Instant.EPOCH));
        assertTrue(old.event().isEmpty());
        assertNull(old.poisonReason());
    }

    @Test
    void aFailureWithoutAReadableCodeIsAnUnknownFailure() {
        String value = GenerationEvents.byok("acct-1", Provider.OPENAI, 7L, "x", Instant.EPOCH)
                .replace("\"errorCode\":\"x\"", "\"errorCode\":{\"nested\":[1]}");
        assertEquals("unknown", parse(value).event().orElseThrow().errorCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                   | unparseable_json",
        "{\"source\":\"byok\"                       | unparseable_json",
        "{\"source\":\"credits\"} {}                | unparseable_json",
        "{\"source\":\"credits\",\"x\":[1,}         | unparseable_json",
        "[1,2]                                      | not_an_object",
        "'   '                                      | not_an_object",
        "{\"source\":7}                             | missing_field: source",
        "{\"source\":\"byok\",\"keyVersion\":\"7\"}  | invalid_field: keyVersion",
        "{\"source\":\"byok\",\"keyVersion\":1.5}    | invalid_field: keyVersion",
        "{\"source\":\"byok\",\"keyVersion\":99999999999999999999} | invalid_field: keyVersion",
        "{\"source\":\"byok\",\"keyVersion\":{}}     | invalid_field: keyVersion",
        "{\"source\":\"byok\",\"keyVersion\":1}      | invalid_field: accountId",
        "{\"source\":\"byok\",\"keyVersion\":1,\"accountId\":\"a\",\"provider\":\"nope\"} | invalid_field: provider",
        "{\"source\":\"byok\",\"keyVersion\":1,\"accountId\":\"a\",\"provider\":\"openai\",\"status\":\"done\"} | invalid_field: status",
        "{\"source\":\"byok\",\"keyVersion\":1,\"accountId\":\"a\",\"provider\":\"openai\",\"status\":\"failed\"} | missing_field: occurredAt",
        "{\"source\":\"byok\",\"keyVersion\":1,\"accountId\":\"a\",\"provider\":\"openai\",\"status\":\"failed\",\"occurredAt\":\"yesterday\"} | invalid_field: occurredAt",
    })
    void namesWhyARecordIsPoison(String value, String reason) {
        assertEquals(reason, parse(value).poisonReason());
    }

    @Test
    void anEmptyValueIsPoison() {
        assertEquals("empty_value", parser.parse(null).poisonReason());
        assertEquals("empty_value", parser.parse(new byte[0]).poisonReason());
    }

    private KeyUsageParser.Parsed parse(String value) {
        return parser.parse(value.getBytes(StandardCharsets.UTF_8));
    }
}
