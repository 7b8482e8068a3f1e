package com.sprintrr.generation.routing;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 2: the per-generation source switch, and the default source. */
@QuarkusTest
class SourceSwitchTest extends GenerationTestBase {

    @Test
    void creditsSourceWithByokOnUsesThePlatformKeyOfTheQualityModeAndPlacesAHold() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        internal.creditsAvailable(account, 50, 2);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));

        String id = generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(200)
                .body("source", is("credits"))
                .body("mode", is("quality"))
                .body("provider", is("anthropic"))
                .body("model", is("claude-sonnet-4-6"))
                .body("creditsCharged", is(2))
                .extract().path("id");

        List<LoggedRequest> calls = generationRequests(Provider.ANTHROPIC);
        assertEquals(1, calls.size());
        assertEquals(ProviderFake.platformKey(Provider.ANTHROPIC), calls.get(0).getHeader("x-api-key"));
        assertTrue(calls.get(0).getBodyAsString().contains("\"model\":\"claude-sonnet-4-6\""));
        assertTrue(generationRequests(Provider.OPENAI).isEmpty(), "the user's provider is not called");
        assertTrue(internal.credentialRequests(account).isEmpty(), "the user's key is not even fetched");

        List<LoggedRequest> holds = internal.holdRequests(account);
        assertEquals(1, holds.size(), "one hold");
        assertTrue(holds.get(0).getBodyAsString().contains("\"generationId\":\"" + id + "\""), holds.get(0).getBodyAsString());
        assertTrue(holds.get(0).getBodyAsString().contains("\"mode\":\"quality\""));

        JsonNode event = Events.single(account, id);
        assertEquals("credits", event.path("source").asText());
        assertEquals("quality", event.path("mode").asText());
    }

    @Test
    void speedModeRunsOnGeminiWithThePlatformKey() {
        String account = creditsAccount(Provider.GEMINI, 50, 1);

        generate(account, body("Hello", "credits", "speed"))
                .then().statusCode(200)
                .body("mode", is("speed"))
                .body("provider", is("gemini"))
                .body("model", is("gemini-3.1-flash-lite"))
                .body("creditsCharged", is(1));

        List<LoggedRequest> calls = generationRequests(Provider.GEMINI);
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).getUrl().contains("/models/gemini-3.1-flash-lite:generateContent"), calls.get(0).getUrl());
        assertTrue(internal.holdRequests(account).get(0).getBodyAsString().contains("\"mode\":\"speed\""));
    }

    @Test
    void byokSourceWhileByokIsOffIsRefusedWithoutCallingAnyone() {
        String account = creditsOnlyAccount();

        generate(account, body("Hello", "byok", null))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", is("byok_disabled"));

        assertEquals(0, allGenerationRequests());
        assertTrue(internal.holdRequests(account).isEmpty());
    }

    @Test
    void withoutASourceByokOffMeansCreditsInTheDefaultMode() {
        String account = creditsAccount();

        generate(account, body("Hello", null, null))
                .then().statusCode(200)
                .body("source", is("credits"))
                .body("mode", is("quality"));
        assertEquals(1, internal.holdRequests(account).size());
    }

    @Test
    void withoutASourceByokOnMeansByokAndTheModeIsIgnored() {
        String account = byokAccount(Provider.GEMINI, "gemini-2.5-flash");
        String key = ProviderFake.sampleKey(Provider.GEMINI);
        providers.replyRecorded(Provider.GEMINI, false, key);

        generate(account, body("Hello", null, "quality"))
                .then().statusCode(200)
                .body("source", is("byok"))
                .body("mode", nullValue())
                .body("provider", is("gemini"));
        assertTrue(internal.holdRequests(account).isEmpty());
    }

    @Test
    void keyServiceDownWithoutASourceFailsRatherThanGuessingCredits() {
        String account = newAccount();
        internal.keyServiceDown(account);
        internal.creditsAvailable(account, 50, 2);

        generate(account, body("Hello", null, null))
                .then().statusCode(503)
                .body("code", is("key_service_unavailable"));
        assertEquals(0, allGenerationRequests());
        assertTrue(internal.holdRequests(account).isEmpty());
    }
}
