package com.sprintrr.generation.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/** Streaming: deltas then completed or error; disconnects and retries never lose or double a generation. */
@QuarkusTest
class StreamingTest extends GenerationTestBase {

    @Inject
    DataSource dataSource;

    @Test
    void clientThatHangsUpMidStreamStillGetsItsGenerationRecordedAndPublished() {
        String account = byokAccount(Provider.ANTHROPIC);
        providers.dribbleRecorded(Provider.ANTHROPIC, true, Duration.ofMillis(1500));

        SseClient.Result partial = SseClient.post(account, "{\"prompt\":\"Hi\"}", null, e -> e.name().equals("delta"));
        assertEquals(List.of("delta"), partial.names(), "hung up after the first delta");

        JsonNode event = Events.await(account, 1).get(0);
        assertEquals("succeeded", event.path("status").asText());
        assertEquals(Recorded.ANTHROPIC_STREAM_USAGE.outputTokens(), event.path("usage").path("outputTokens").asLong());
        assertEquals(Recorded.ANTHROPIC_STREAM_TEXT, storedText(event.path("generationId").asText()));
        assertEquals(1, Events.of(account).size());
    }

    @Test
    void streamThatBreaksAfterTheFirstDeltaEndsWithAnErrorEventAndIsNotRetried() {
        String account = byokAccount(Provider.GEMINI);
        providers.replyTruncatedStream(Provider.GEMINI);

        SseClient.Result result = SseClient.post(account, "{\"prompt\":\"Hi\"}");

        assertEquals(200, result.status());
        assertTrue(result.deltas().size() >= 1, "deltas arrived first: " + result.names());
        SseClient.Event last = result.last();
        assertEquals("error", last.name());
        assertEquals("provider_error", last.data().path("code").asText());
        assertEquals(502, last.data().path("status").asInt());
        assertEquals(1, generationRequests(Provider.GEMINI).size(), "no retry once the client has text");

        JsonNode event = Events.await(account, 1).get(0);
        assertEquals("failed", event.path("status").asText());
    }

    @Test
    void overloadBeforeTheFirstDeltaIsRetriedTransparently() {
        String account = byokAccount(Provider.ANTHROPIC);
        providers.server().stubFor(post(urlPathEqualTo("/anthropic/v1/messages")).inScenario("overload")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(529).withHeader("Content-Type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .willSetStateTo("recovered"));
        providers.server().stubFor(post(urlPathEqualTo("/anthropic/v1/messages")).inScenario("overload")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(Recorded.body(Provider.ANTHROPIC, true))));

        SseClient.Result result = SseClient.post(account, "{\"prompt\":\"Hi\"}");

        assertEquals(Recorded.ANTHROPIC_STREAM_DELTAS, result.deltas(), "each delta once");
        assertEquals("completed", result.last().name());
        assertEquals(2, generationRequests(Provider.ANTHROPIC).size());
        Events.single(account, result.last().data().path("id").asText());
    }

    @Test
    void eventsAreNamedDeltaThenCompleted() {
        String account = byokAccount(Provider.OPENAI);
        providers.replyRecorded(Provider.OPENAI, true);

        SseClient.Result result = SseClient.post(account, "{\"prompt\":\"Hi\"}");

        assertTrue(result.contentType().startsWith("text/event-stream"), result.contentType());
        assertEquals(List.of("delta", "completed"), result.names());
        assertTrue(result.last().data().path("mode").isNull());
        assertTrue(generationRequests(Provider.OPENAI).get(0).getBodyAsString().contains("\"include_usage\":true"),
                "OpenAI streams ask for usage");
    }

    @Test
    void withoutAnAcceptHeaderTheAnswerIsPlainJson() {
        String account = byokAccount(Provider.OPENAI);
        providers.replyRecorded(Provider.OPENAI, false);

        given().header("Authorization", Jwts.bearer(account))
                .contentType("application/json").body("{\"prompt\":\"Hi\"}")
                .when().post("/v1/generations")
                .then().statusCode(200)
                .contentType("application/json")
                .body("text", is(Recorded.OPENAI_TEXT));
    }

    private String storedText(String generationId) {
        String[] text = new String[1];
        Await.until("generation " + generationId + " stored", () -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT text FROM generations WHERE id = ?::uuid")) {
                s.setString(1, generationId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        text[0] = rs.getString(1);
                        return true;
                    }
                    return false;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return text[0];
    }
}
