package com.sprintrr.generation.routing;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.Events;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Acceptance 7: an Idempotency-Key replay returns the first result with one hold, one call and one event. */
@QuarkusTest
class IdempotencyTest extends GenerationTestBase {

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
    void aFailedGenerationIsReplayedAsTheSameFailureWithoutASecondCall() {
        String account = creditsAccount();
        providers.reset();
        providers.failGeneration(ProviderError.ANTHROPIC_RATE_LIMITED);
        String key = UUID.randomUUID().toString();

        String id = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(429).body("code", is("provider_rate_limited")).extract().path("generationId");
        generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(429)
                .body("code", is("provider_rate_limited"))
                .body("generationId", is(id));

        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
        assertEquals(1, internal.holdRequests(account).size());
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
        String account = newAccount();
        internal.byokOff(account);
        internal.creditsAvailable(account, 50, 2);
        // The duplicate must arrive while the first still waits: a window a loaded machine cannot miss
        // (below the 10 s test request timeout).
        providers.withFixedDelay(Duration.ofSeconds(6))
                .replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
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

    private String creditsAccount() {
        String account = newAccount();
        internal.byokOff(account);
        internal.creditsAvailable(account, 50, 2);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
        return account;
    }
}
