package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Completion;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance 3: the providers' recorded payloads, plain and streamed, come out as exactly their
 * text and usage in the response, the stored generation and the event (cumulative stream usage
 * is the last figure, not a sum).
 */
@QuarkusTest
class RecordedPayloadsTest extends GenerationTestBase {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void plainGenerationGivesTheRecordedTextAndUsage(Provider provider) {
        String account = byokAccount(provider);
        providers.replyRecorded(provider, false);
        Completion expected = Recorded.plain(provider);

        String id = generate(account, body("Hi", null, null))
                .then().statusCode(200)
                .body("text", is(expected.text()))
                .body("usage.inputTokens", is((int) expected.usage().inputTokens()))
                .body("usage.outputTokens", is((int) expected.usage().outputTokens()))
                .extract().path("id");

        assertStoredAndPublished(account, id, expected);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void streamedGenerationGivesTheRecordedDeltasTextAndUsage(Provider provider) {
        String account = byokAccount(provider);
        providers.replyRecorded(provider, true);
        Completion expected = Recorded.stream(provider);

        SseClient.Result result = SseClient.post(account, "{\"prompt\":\"Hi\"}");

        assertEquals(200, result.status(), String.valueOf(result.body()));
        assertEquals(Recorded.streamDeltas(provider), result.deltas());
        SseClient.Event completed = result.last();
        assertEquals("completed", completed.name());
        assertEquals(expected.text(), completed.data().path("text").asText());
        assertEquals(expected.usage().inputTokens(), completed.data().path("usage").path("inputTokens").asLong());
        assertEquals(expected.usage().outputTokens(), completed.data().path("usage").path("outputTokens").asLong());
        assertEquals("byok", completed.data().path("source").asText());

        assertStoredAndPublished(account, completed.data().path("id").asText(), expected);
    }

    private static void assertStoredAndPublished(String account, String id, Completion expected) {
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200)
                .body("status", is("succeeded"))
                .body("text", is(expected.text()))
                .body("usage.inputTokens", is((int) expected.usage().inputTokens()))
                .body("usage.outputTokens", is((int) expected.usage().outputTokens()));
        JsonNode event = Events.single(account, id);
        assertEquals(expected.usage().inputTokens(), event.path("usage").path("inputTokens").asLong());
        assertEquals(expected.usage().outputTokens(), event.path("usage").path("outputTokens").asLong());
    }
}
