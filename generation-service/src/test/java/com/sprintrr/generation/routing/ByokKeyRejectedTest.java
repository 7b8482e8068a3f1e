package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance 4: a stored key the provider now refuses gives 422 byok_key_rejected; nothing is
 * charged and the platform key is never tried instead (the platform path is stubbed to work, so a
 * fallback would be seen).
 */
@QuarkusTest
class ByokKeyRejectedTest extends GenerationTestBase {

    @ParameterizedTest
    @EnumSource(value = Refusal.class, names = { "ANTHROPIC_INVALID", "OPENAI_INVALID", "GEMINI_INVALID", "GEMINI_SUSPENDED" })
    void refusedUserKeyIs422WithoutChargingOrFallingBack(Refusal refusal) {
        Provider provider = refusal.provider();
        String account = byokAccount(provider, "user-model");
        String userKey = ProviderFake.sampleKey(provider);
        internal.creditsAvailable(account, 50, 2);
        providers.refuseGeneration(provider, userKey, refusal);
        stubWorkingPlatformPaths();

        String body = generate(account, body("Hello", null, null))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", is("byok_key_rejected"))
                .extract().asString();
        assertFalse(body.contains(userKey), "the key is not echoed");

        assertOnlyTheUsersKeyWasSent(provider, userKey);
        assertTrue(internal.holdRequests(account).isEmpty(), "no hold, no credits");

        JsonNode event = Events.await(account, 1).get(0);
        assertEquals("failed", event.path("status").asText());
        assertEquals("byok", event.path("source").asText());
        given().header("Authorization", Jwts.bearer(account))
                .when().get("/v1/generations/" + event.path("generationId").asText())
                .then().statusCode(200)
                .body("status", is("failed"))
                .body("errorCode", is("byok_key_rejected"))
                .body("creditsCharged", is(0))
                .body("text", nullValue());
    }

    @Test
    void refusedUserKeyOnAStreamIsA422BeforeAnyEvent() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        String userKey = ProviderFake.sampleKey(Provider.OPENAI);
        providers.refuseGeneration(Provider.OPENAI, userKey, Refusal.OPENAI_INVALID);
        stubWorkingPlatformPaths();

        SseClient.Result result = SseClient.post(account, "{\"prompt\":\"Hello\"}");

        assertEquals(422, result.status());
        assertTrue(result.contentType().startsWith("application/problem+json"), result.contentType());
        assertTrue(result.body().contains("byok_key_rejected"), result.body());
        assertOnlyTheUsersKeyWasSent(Provider.OPENAI, userKey);
        assertTrue(internal.holdRequests(account).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 422 })
    void aStoredKeyThatNoLongerDecryptsIs422AskingToSaveItAgainNotATryAgainLater(int keyServiceStatus) {
        String account = newAccount();
        internal.byokKeyUnreadable(account, Provider.ANTHROPIC, "claude-sonnet-4-6", keyServiceStatus);
        internal.creditsAvailable(account, 50, 2);
        stubWorkingPlatformPaths();

        generate(account, body("Hello", null, null))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .header("Retry-After", nullValue())
                .body("code", is("byok_key_unreadable"))
                .body("detail", containsString("Save the key again"));

        assertEquals(0, allGenerationRequests(), "no provider call, no fallback to the platform key");
        assertTrue(internal.holdRequests(account).isEmpty(), "no hold, no credits");
    }

    private void stubWorkingPlatformPaths() {
        for (Provider provider : Provider.values()) {
            providers.replyRecorded(provider, false, ProviderFake.platformKey(provider));
            providers.replyRecorded(provider, true, ProviderFake.platformKey(provider));
        }
    }

    private void assertOnlyTheUsersKeyWasSent(Provider provider, String userKey) {
        List<LoggedRequest> calls = generationRequests(provider);
        assertEquals(1, calls.size(), "one call, not retried");
        String[] header = keyHeader(provider, userKey);
        assertEquals(header[1], calls.get(0).getHeader(header[0]));
        assertEquals(1, allGenerationRequests(), "no call with the platform key anywhere");
    }
}
