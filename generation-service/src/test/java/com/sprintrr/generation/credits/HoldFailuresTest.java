package com.sprintrr.generation.credits;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A hold call that fails in any way but a refusal may have left a hold behind (credit-service
 * committed it and the answer was lost): the generation is recorded as failed at once, and its
 * event makes credit-service release whatever it holds for that generation id, in seconds rather
 * than after the hold TTL. The Idempotency-Key is freed for a retry.
 */
@QuarkusTest
class HoldFailuresTest extends GenerationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHoldCallThatTimesOutIsSettledByAFailedEvent() throws Exception {
        String account = account();
        // Longer than the internal read timeout (15 s in the test profile, so a loaded machine never
        // reaches it by accident): credit-service may still commit the hold.
        internal.holdAnswers(account, 201, "{\"generationId\":\"x\",\"amount\":2,\"status\":\"held\"}",
                Duration.ofSeconds(25));
        String key = UUID.randomUUID().toString();

        String id = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(503)
                .body("code", is("credit_service_unavailable"))
                .extract().path("generationId");

        assertEquals(id, holdGenerationId(account));
        JsonNode event = Events.single(account, id);
        assertEquals("failed", event.path("status").asText());
        assertEquals("credits", event.path("source").asText());
        assertEquals(0, allGenerationRequests(), "no provider call");

        internal.creditsAvailable(account, 50, 2);
        generate(account, body("Hello", "credits", "quality"), key).then().statusCode(200);
        assertEquals(1, allGenerationRequests(), "the key was freed for a real retry");
    }

    @Test
    void anUnreadableHoldAnswerIsSettledByAFailedEvent() throws Exception {
        String account = account();
        internal.holdAnswers(account, 201, "{\"generationId\":\"x\"}", Duration.ZERO);

        String id = generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(503)
                .body("code", is("credit_service_unavailable"))
                .extract().path("generationId");

        assertEquals(id, holdGenerationId(account));
        assertEquals("failed", Events.single(account, id).path("status").asText());
        assertEquals(0, allGenerationRequests());
    }

    private String holdGenerationId(String account) throws Exception {
        return JSON.readTree(internal.holdRequests(account).get(0).getBodyAsString()).path("generationId").asText();
    }

    private String account() {
        String account = newAccount();
        internal.byokOff(account);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
        return account;
    }
}
