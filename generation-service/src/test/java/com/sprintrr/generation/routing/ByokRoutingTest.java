package com.sprintrr.generation.routing;

import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 1: with BYOK on, the provider gets the user's key and model; no credits are touched. */
@QuarkusTest
class ByokRoutingTest extends GenerationTestBase {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void byokGenerationSendsTheUsersKeyAndModelAndPlacesNoHold(Provider provider) {
        String account = newAccount();
        String userKey = ProviderFake.sampleKey(provider);
        String model = userModel(provider);
        internal.byokOn(account, provider, model, userKey);
        providers.replyRecorded(provider, false, userKey);

        String id = generate(account, body("Say hello", null, "speed"))
                .then().statusCode(200)
                .body("source", is("byok"))
                .body("mode", nullValue())
                .body("provider", is(provider.id()))
                .body("model", is(model))
                .body("creditsCharged", is(0))
                .extract().path("id");

        List<LoggedRequest> calls = generationRequests(provider);
        assertEquals(1, calls.size(), "one call to " + provider.id());
        String[] header = keyHeader(provider, userKey);
        assertEquals(header[1], calls.get(0).getHeader(header[0]), "the user's key in " + header[0]);
        assertTrue(sentModel(provider, calls.get(0)).equals(model), "the user's model was sent");
        assertFalse(calls.get(0).getHeaders().all().toString().contains(ProviderFake.platformKey(provider)));
        assertTrue(internal.holdRequests(account).isEmpty(), "no hold on the byok path");

        JsonNode event = Events.single(account, id);
        assertEquals("byok", event.path("source").asText());
        assertTrue(event.path("mode").isNull(), "mode is JSON null: " + event);
        assertEquals("succeeded", event.path("status").asText());
        assertEquals(provider.id(), event.path("provider").asText());
        assertEquals(model, event.path("model").asText());
        assertFalse(event.toString().contains(userKey), "no key in the event");
    }

    private static String userModel(Provider provider) {
        switch (provider) {
            case ANTHROPIC:
                return "claude-opus-4-1";
            case OPENAI:
                return "gpt-4.1-mini";
            default:
                return "gemini-2.5-pro";
        }
    }

    private static String sentModel(Provider provider, LoggedRequest call) {
        if (provider == Provider.GEMINI) {
            String path = call.getUrl();
            return path.substring(path.indexOf("/models/") + "/models/".length(), path.indexOf(':'));
        }
        String body = call.getBodyAsString();
        int start = body.indexOf("\"model\":\"") + "\"model\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }
}
