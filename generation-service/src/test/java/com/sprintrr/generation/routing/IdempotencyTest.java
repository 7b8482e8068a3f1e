package com.sprintrr.generation.routing;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.Events;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Acceptance 7: an Idempotency-Key replay returns the first final result with one hold, one call
 * and one event; a retryable failure is not replayed, so a retry with the key is a real attempt.
 */
@QuarkusTest
class IdempotencyTest extends GenerationTestBase {

    /** Enough threads for the concurrent requests to really overlap. */
    private static final ExecutorService pool = Executors.newFixedThreadPool(6);

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void replayWithTheSameBodyReturnsTheFirstResultAndChargesOnce() {
        String account = creditsAccount();
        String key = UUID.randomUUID().toString();

        JsonPath first = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(200).extract().jsonPath();
        JsonPath again = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(200).extract().jsonPath();

        assertEquals(first.getMap(""), again.getMap(""), "the same result, byte for byte");
        assertEquals(2, again.getInt("creditsCharged"));
        assertEquals(1, internal.holdRequests(account).size(), "one hold");
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size(), "one provider call");
        String id = first.getString("id");
        Events.single(account, id);
        assertEquals(1, Events.of(account).size(), "one event");
    }

    @Test
    void streamedReplayOfAPlainResultGivesItsTextAndTheSameSummary() {
        String account = creditsAccount();
        String key = UUID.randomUUID().toString();
        String id = generate(account, body("Hello", "credits", "quality"), key).then().statusCode(200)
                .extract().path("id");

        SseClient.Result replay = SseClient.post(account,
                "{\"prompt\":\"Hello\",\"source\":\"credits\",\"mode\":\"quality\"}", key);

        assertEquals(200, replay.status());
        assertEquals(List.of(Recorded.ANTHROPIC_TEXT), replay.deltas());
        assertEquals(id, replay.last().data().path("id").asText());
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
        assertEquals(1, internal.holdRequests(account).size());
    }

    @Test
    void sameKeyWithADifferentBodyIs422AndChargesNothingMore() {
        String account = creditsAccount();
        String key = UUID.randomUUID().toString();
        generate(account, body("Hello", "credits", "quality"), key).then().statusCode(200);

        generate(account, body("Hello again", "credits", "quality"), key)
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", is("idempotency_key_reused"));
        generate(account, body("Hello", "credits", "speed"), key)
                .then().statusCode(422)
                .body("code", is("idempotency_key_reused"));

        assertEquals(1, internal.holdRequests(account).size());
        assertEquals(1, allGenerationRequests());
    }

    @Test
    void keysAreScopedPerAccount() {
        String alice = creditsAccount();
        String bob = creditsAccount();
        String key = "shared-key-" + UUID.randomUUID();

        String aliceId = generate(alice, body("Hello", "credits", "quality"), key).then().statusCode(200)
                .extract().path("id");
        String bobId = generate(bob, body("Hello", "credits", "quality"), key).then().statusCode(200)
                .extract().path("id");

        assertNotEquals(aliceId, bobId);
        assertEquals(1, internal.holdRequests(alice).size());
        assertEquals(1, internal.holdRequests(bob).size());
    }

    @Test
    void aRetryableFailureIsNotReplayedSoARetryWithTheSameKeyReachesTheProvider() {
        String account = creditsAccount();
        providers.reset();
        providers.failGeneration(ProviderError.ANTHROPIC_RATE_LIMITED);
        String key = UUID.randomUUID().toString();

        String failedId = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(429).body("code", is("provider_rate_limited")).extract().path("generationId");

        providers.reset();
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
        String id = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(200).extract().path("id");

        assertNotEquals(failedId, id);
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size(), "the retry was a real attempt");
        assertEquals(2, internal.holdRequests(account).size(), "one hold per generation");
        assertEquals("failed", Events.single(account, failedId).path("status").asText(), "its hold is released");
        assertEquals("succeeded", Events.single(account, id).path("status").asText());
        generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(200).body("id", is(id));
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size(), "the success is replayed");
    }

    @Test
    void aFinalFailureIsReplayedAsTheSameFailureWithoutASecondCall() {
        String account = byokAccount(Provider.ANTHROPIC, "user-model");
        String userKey = ProviderFake.sampleKey(Provider.ANTHROPIC);
        providers.refuseGeneration(Provider.ANTHROPIC, userKey, Refusal.ANTHROPIC_INVALID);
        String key = UUID.randomUUID().toString();

        String id = generate(account, body("Hello", null, null), key)
                .then().statusCode(422).body("code", is("byok_key_rejected")).extract().path("generationId");
        generate(account, body("Hello", null, null), key)
                .then().statusCode(422)
                .body("code", is("byok_key_rejected"))
                .body("generationId", is(id));

        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
    }

    @Test
    void concurrentRequestsWithTheSameKeyMakeOneProviderCall() throws Exception {
        String account = creditsAccount(Duration.ofMillis(1500));
        String key = UUID.randomUUID().toString();

        List<CompletableFuture<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(CompletableFuture.supplyAsync(
                    () -> generate(account, body("Hello", "credits", "quality"), key).statusCode(), pool));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> request : requests) {
            statuses.add(request.get(60, TimeUnit.SECONDS));
        }

        assertEquals(1, generationRequests(Provider.ANTHROPIC).size(), "one provider call: " + statuses);
        assertEquals(1, internal.holdRequests(account).size());
        assertTrue(statuses.contains(200), "one of them ran it: " + statuses);
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), "the others waited or replayed: " + statuses);
    }

    @Test
    void aRequestRefusedBeforeAnyChargeFreesItsKeyForARetry() {
        String account = newAccount();
        internal.creditsExhausted(account, 0, 2);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
        String key = UUID.randomUUID().toString();
        generate(account, body("Hello", "credits", "quality"), key).then().statusCode(402);

        internal.creditsAvailable(account, 10, 2);
        generate(account, body("Hello", "credits", "quality"), key).then().statusCode(200);
        assertEquals(1, allGenerationRequests());
    }

    @Test
    void aDuplicateWhileTheFirstIsStillRunningIs409AndDoesNotCallTwice() throws Exception {
        // The duplicate must arrive while the first still waits: a window a loaded machine cannot miss
        // (below the 10 s test request timeout).
        String account = creditsAccount(Duration.ofSeconds(6));
        String key = UUID.randomUUID().toString();

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> generate(account, body("Hello", "credits", "quality"), key).statusCode());
        Await.until("the first request to reach the provider",
                () -> generationRequests(Provider.ANTHROPIC).size() == 1);

        generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(409)
                .header("Retry-After", "1")
                .body("code", is("idempotency_key_in_use"));
        assertEquals(200, first.get(30, TimeUnit.SECONDS));
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
    }
}
