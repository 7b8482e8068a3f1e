package com.sprintrr.generation.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The additive event fields key-service reads: errorCode (null on success) and keyVersion (the
 * version of the user's key, null on credits). Never the key or its hint.
 */
@QuarkusTest
class EventFieldsTest extends GenerationTestBase {

    @Test
    void aRefusedByokGenerationCarriesItsErrorCodeAndKeyVersion() {
        String account = newAccount();
        String key = ProviderFake.sampleKey(Provider.ANTHROPIC);
        internal.byokOn(account, Provider.ANTHROPIC, "claude-sonnet-4-6", key, 7L);
        providers.refuseGeneration(Provider.ANTHROPIC, key, Refusal.ANTHROPIC_INVALID);

        String id = generate(account, body("Hello", null, null)).then().statusCode(422).extract().path("generationId");

        JsonNode event = Events.single(account, id);
        assertEquals("failed", event.path("status").asText());
        assertEquals("byok_key_rejected", event.path("errorCode").asText());
        assertEquals(7L, event.path("keyVersion").asLong());
        assertFalse(event.toString().contains(key), "never the key");
        assertFalse(event.toString().contains(key.substring(0, 8)), "never a hint of it");
    }

    @Test
    void aSuccessHasANullErrorCodeAndCreditsHaveNoKeyVersion() {
        String account = newAccount();
        String key = ProviderFake.sampleKey(Provider.OPENAI);
        internal.byokOn(account, Provider.OPENAI, "gpt-4o-mini", key, 3L);
        internal.creditsAvailable(account, 50, 1);
        providers.replyRecorded(Provider.OPENAI, false);
        providers.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));

        String byok = generate(account, body("Hello", "byok", null)).then().statusCode(200).extract().path("id");
        String credits = generate(account, body("Hello", "credits", "speed")).then().statusCode(200).extract().path("id");

        JsonNode byokEvent = Events.single(account, byok);
        assertTrue(byokEvent.has("errorCode") && byokEvent.get("errorCode").isNull(), byokEvent.toString());
        assertEquals(3L, byokEvent.path("keyVersion").asLong());
        JsonNode creditsEvent = Events.single(account, credits);
        assertTrue(creditsEvent.get("keyVersion").isNull(), creditsEvent.toString());
        assertTrue(creditsEvent.get("errorCode").isNull(), creditsEvent.toString());
        // The stored generation remembers the version (for a re-published event), not the key.
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + byok)
                .then().statusCode(200);
    }

    @Test
    void aCredentialWithoutAKeyVersionStillGeneratesWithANullVersion() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        providers.replyRecorded(Provider.OPENAI, false);
        String id = generate(account, body("Hello", null, null)).then().statusCode(200).extract().path("id");
        assertTrue(Events.single(account, id).get("keyVersion").isNull());
    }
}
