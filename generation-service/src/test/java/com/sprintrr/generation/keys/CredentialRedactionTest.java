package com.sprintrr.generation.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.routing.Route;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderTarget;

/**
 * The decrypted key key-service sends travels as an ApiKey from the moment it is read: the wire
 * body, the credential and the route print without it, and reveal() is the one way back to it.
 */
class CredentialRedactionTest {

    private static final String KEY = "sk-ant-api03-secret-value-1234";

    @Test
    void theCredentialAnswerIsReadIntoARedactingKeyAndTheJsonStaysAsItIs() throws Exception {
        KeyGateway.CredentialBody body = new ObjectMapper().readValue("{\"provider\":\"anthropic\","
                + "\"model\":\"claude-sonnet-4-6\",\"apiKey\":\"" + KEY + "\",\"keyVersion\":7,\"extra\":1}",
                KeyGateway.CredentialBody.class);

        assertEquals(KEY, body.apiKey().reveal());
        assertEquals(7L, body.keyVersion());
        assertFalse(body.toString().contains(KEY), body.toString());
    }

    @Test
    void neitherTheCredentialNorItsRoutePrintTheKey() {
        ByokCredential credential = new ByokCredential(
                new ProviderTarget(Provider.OPENAI, "gpt-4o-mini", ApiKey.of(KEY)), 3L);
        Route route = Route.byok(credential);

        assertFalse(credential.toString().contains(KEY), credential.toString());
        assertFalse(route.toString().contains(KEY), route.toString());
        assertEquals(KEY, route.target().apiKey().reveal());
    }
}
