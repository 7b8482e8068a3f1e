package com.sprintrr.keys.health;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.GenerationEvents;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Key health learnt from generation-completed: a refusal of the user's key shows as rejected in
 * GET /v1/byok within seconds, a success or a new key as ok; stale, late, duplicate, foreign and
 * unreadable records never move the state backwards nor stop the consumer, and a polled batch ends
 * as its events would one by one, in any order.
 */
@QuarkusTest
class KeyHealthEventsTest extends KeyServiceTestBase {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Inject
    KeyHealthConsumer consumer;

    @Test
    void inOneBatchTheNewestEventPerKeyDecidesWhateverTheOrderAndAReplacedVersionChangesNothing() {
        Instant t0 = Instant.parse("2026-06-04T10:00:00Z");
        for (long seed = 1; seed <= 6; seed++) {
            String account = TestKeys.account();
            long old = saveKey(account, Provider.OPENAI);
            long current = saveKey(account, Provider.OPENAI);
            long gemini = saveKey(account, Provider.GEMINI);
            List<String> events = new ArrayList<>(List.of(
                    GenerationEvents.byok(account, Provider.OPENAI, current, "byok_key_rejected", t0.plusSeconds(1)),
                    GenerationEvents.byok(account, Provider.OPENAI, current, null, t0.plusSeconds(3)), // newest verdict
                    GenerationEvents.byok(account, Provider.OPENAI, current, "provider_timeout", t0.plusSeconds(4)), // newest use and failure, no verdict
                    GenerationEvents.byok(account, Provider.OPENAI, current, "byok_key_rejected", t0.plusSeconds(2)),
                    GenerationEvents.byok(account, Provider.OPENAI, old, "byok_key_rejected", t0.plusSeconds(9)), // replaced key
                    GenerationEvents.byok(account, Provider.GEMINI, gemini, null, t0.plusSeconds(5)),
                    GenerationEvents.byok(account, Provider.GEMINI, gemini, "byok_key_rejected", t0.plusSeconds(6)),
                    "{\"source\":\"credits\",\"accountId\":\"" + account + "\"}",
                    "not json"));
            Collections.shuffle(events, new Random(seed));
            if (seed % 2 == 0) {
                consumer.process(bytes(events));
            } else {
                // The same events one per batch, as before batching: the same end state.
                events.forEach(e -> consumer.process(bytes(List.of(e))));
            }

            List<String> state = List.of(field(account, Provider.OPENAI, "status"),
                    field(account, Provider.OPENAI, "lastUsedAt"), field(account, Provider.OPENAI, "lastFailureAt"),
                    field(account, Provider.OPENAI, "lastFailureCode"), field(account, Provider.GEMINI, "status"),
                    field(account, Provider.GEMINI, "lastUsedAt"), field(account, Provider.GEMINI, "lastFailureCode"));
            assertEquals(List.of("ok", t0.plusSeconds(4).toString(), t0.plusSeconds(4).toString(), "provider_timeout",
                    "rejected", t0.plusSeconds(6).toString(), "byok_key_rejected"), state, "order " + seed);
        }
    }

    @Test
    void aKeyWhoseEvidenceTheDatabaseRefusesIsSkippedAndTheRestOfTheBatchApplied() {
        String account = TestKeys.account();
        long openai = saveKey(account, Provider.OPENAI);
        long gemini = saveKey(account, Provider.GEMINI);
        Instant at = Instant.parse("2026-06-05T10:00:00Z");
        // A time Java reads but PostgreSQL cannot store: the batch's statement fails, the key's alone too.
        String farFuture = GenerationEvents.byok(account, Provider.GEMINI, gemini, null, at)
                .replace(at.toString(), "+100000-01-01T00:00:00Z");
        consumer.process(bytes(List.of(farFuture,
                GenerationEvents.byok(account, Provider.OPENAI, openai, "byok_key_rejected", at))));

        assertEquals("rejected", field(account, Provider.OPENAI, "status"));
        assertEquals(at.toString(), field(account, Provider.OPENAI, "lastUsedAt"));
        assertEquals(null, field(account, Provider.GEMINI, "lastUsedAt"));
    }

    @Test
    void aRefusedGenerationMarksTheKeyRejectedAndASuccessMarksItOkAgain() {
        String account = TestKeys.account();
        long version = saveKey(account, Provider.OPENAI);
        Api.view(account).body("keys[0].status", is("ok")).body("keys[0].lastUsedAt", nullValue())
                .body("keys[0].lastFailureAt", nullValue()).body("keys[0].lastFailureCode", nullValue());

        Instant refused = Instant.parse("2026-06-01T10:00:00Z");
        GenerationEvents.send(account, GenerationEvents.byok(account, Provider.OPENAI, version, "byok_key_rejected", refused));
        awaitKey(account, "rejected", refused);
        Api.view(account)
                .body("keys[0].lastFailureCode", is("byok_key_rejected"))
                .body("keys[0].lastFailureAt", is(refused.toString()))
                .body("keys[0].lastUsedAt", is(refused.toString()));

        Instant later = refused.plusSeconds(60);
        GenerationEvents.send(account, GenerationEvents.byok(account, Provider.OPENAI, version, null, later));
        awaitKey(account, "ok", later);
        Api.view(account).body("keys[0].lastFailureCode", is("byok_key_rejected"))
                .body("keys[0].lastFailureAt", is(refused.toString()));
    }

    @Test
    void lateDuplicateAndOlderEventsNeverMoveTheStateBackwards() {
        String account = TestKeys.account();
        long version = saveKey(account, Provider.GEMINI);
        Instant t1 = Instant.parse("2026-06-02T10:00:00Z");
        Instant t2 = t1.plusSeconds(10);
        Instant t3 = t1.plusSeconds(20);
        String rejectedAtT3 = GenerationEvents.byok(account, Provider.GEMINI, version, "byok_key_rejected", t3);
        GenerationEvents.send(account, rejectedAtT3,
                GenerationEvents.byok(account, Provider.GEMINI, version, null, t1), // late success
                rejectedAtT3, // duplicate
                GenerationEvents.byok(account, Provider.GEMINI, version, "provider_timeout", t2)); // older failure
        sendMarker(account);

        // The older success and the older timeout changed neither the status nor the last failure.
        assertEquals("rejected", field(account, Provider.GEMINI, "status"));
        assertEquals("byok_key_rejected", field(account, Provider.GEMINI, "lastFailureCode"));
        assertEquals(t3.toString(), field(account, Provider.GEMINI, "lastFailureAt"));
        assertEquals(t3.toString(), field(account, Provider.GEMINI, "lastUsedAt"));
    }

    @Test
    void anEventAboutAReplacedKeyDoesNotMarkTheNewOne() {
        String account = TestKeys.account();
        long old = saveKey(account, Provider.ANTHROPIC);
        long current = saveKey(account, Provider.ANTHROPIC);
        assertNotEquals(old, current, "a replaced key has a new version");

        GenerationEvents.send(account, GenerationEvents.byok(account, Provider.ANTHROPIC, old, "byok_key_rejected",
                Instant.now().plusSeconds(3600)));
        sendMarker(account);

        assertEquals("ok", field(account, Provider.ANTHROPIC, "status"));
        assertEquals(null, field(account, Provider.ANTHROPIC, "lastFailureCode"));
        assertEquals(null, field(account, Provider.ANTHROPIC, "lastUsedAt"));
    }

    @Test
    void savingANewKeyMarksItOkWithAFreshHistory() {
        String account = TestKeys.account();
        long version = saveKey(account, Provider.OPENAI);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GenerationEvents.send(account, GenerationEvents.byok(account, Provider.OPENAI, version, "byok_key_rejected", at));
        awaitKey(account, "rejected", at);

        saveKey(account, Provider.OPENAI);
        Api.view(account).body("keys[0].status", is("ok")).body("keys[0].lastUsedAt", nullValue())
                .body("keys[0].lastFailureAt", nullValue()).body("keys[0].lastFailureCode", nullValue());
    }

    @Test
    void unreadableRecordsAreSkippedAndTheConsumerGoesOn() {
        String account = TestKeys.account();
        long version = saveKey(account, Provider.OPENAI);
        Instant at = Instant.parse("2026-06-03T10:00:00Z");
        GenerationEvents.send(account, "not json", "[1,2]", "{\"source\":\"byok\",\"keyVersion\":\"seven\"}",
                GenerationEvents.byok(account, Provider.OPENAI, version, null, at).replace("\"openai\"", "\"nope\""),
                GenerationEvents.byok(account, Provider.OPENAI, version, null, at).replace(at.toString(), "yesterday"),
                "{\"source\":\"credits\",\"accountId\":\"" + account + "\"}",
                GenerationEvents.byok(account, Provider.OPENAI, version, "byok_key_rejected", at));
        awaitKey(account, "rejected", at);
    }

    @Test
    void anotherAccountsEventsNeverTouchThisAccountsKey() {
        String victim = TestKeys.account();
        long victimVersion = saveKey(victim, Provider.OPENAI);
        String other = TestKeys.account();
        long otherVersion = saveKey(other, Provider.OPENAI);

        // The other account's event, even naming the victim's key version, is about the other account only.
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GenerationEvents.send(other, GenerationEvents.byok(other, Provider.OPENAI, victimVersion, "byok_key_rejected", at),
                GenerationEvents.byok(other, Provider.OPENAI, otherVersion, "byok_key_rejected", at));
        awaitKey(other, "rejected", at);

        Api.view(victim).body("keys[0].status", is("ok")).body("keys[0].lastUsedAt", nullValue());
        Api.view(other).body("keys[0].lastFailureAt", notNullValue());
    }

    private static List<byte[]> bytes(List<String> values) {
        return values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private long saveKey(String account, Provider provider) {
        String key = TestKeys.key(provider);
        fake.acceptKey(provider, key);
        Api.saveKey(account, provider, key).statusCode(200).body("status", is("ok"));
        return rows.keyVersion(account, provider);
    }

    /**
     * A success for the account's OpenAI key (saved here) on the same partition (same account): once it
     * shows, every record sent before it has been consumed. Tests using it look at other providers.
     */
    private void sendMarker(String account) {
        long version = saveKey(account, Provider.OPENAI);
        Instant marker = Instant.parse("2099-01-01T00:00:00Z");
        GenerationEvents.send(account, GenerationEvents.byok(account, Provider.OPENAI, version, null, marker));
        Await.until("the marker event of " + account, WITHIN,
                () -> marker.toString().equals(field(account, Provider.OPENAI, "lastUsedAt")));
    }

    private static String field(String account, Provider provider, String name) {
        Object value = Api.view(account).statusCode(200).extract()
                .path("keys.find { it.provider == '" + provider.id() + "' }." + name);
        return value == null ? null : value.toString();
    }

    private static void awaitKey(String account, String status, Instant lastUsedAt) {
        Await.until(account + "'s key to be " + status, WITHIN, () -> {
            JsonPath view = Api.view(account).extract().jsonPath();
            String used = view.getString("keys[0].lastUsedAt");
            return status.equals(view.getString("keys[0].status")) && used != null
                    && Instant.parse(used).equals(lastUsedAt);
        });
    }
}
