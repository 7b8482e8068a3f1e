package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Shutdown (the ShutdownEvent step, after Quarkus has waited quarkus.shutdown.timeout for running
 * requests): no new generation starts, and one still running after the drain timeout is recorded
 * as interrupted with its event, so its hold is released now instead of after a lease or a TTL.
 * Its own profile, because the instance stops admitting for good.
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.Profile.class)
class GracefulShutdownTest extends GenerationTestBase {

    /** A provider slower than the drain timeout, and a request timeout that lets it be. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sprintrr.generation.in-flight.drain-timeout", "300ms",
                    "sprintrr.providers.request-timeout", "60s");
        }
    }

    @Inject
    InterruptedGenerations interrupted;

    @Test
    void shutdownRefusesNewWorkAndRecordsWhatIsStillRunningAsInterrupted() throws Exception {
        String account = creditsAccount(Duration.ofSeconds(8));
        CompletableFuture<Response> running = CompletableFuture.supplyAsync(
                () -> generate(account, body("Hello", "credits", "quality")));
        Await.until("the generation to reach the provider", () -> generationRequests(Provider.ANTHROPIC).size() == 1);

        interrupted.drain();

        JsonNode event = Events.await(account, 1).get(0);
        assertEquals("failed", event.path("status").asText(), "the hold is released by the event");
        String id = event.path("generationId").asText();
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200).body("errorCode", is("generation_interrupted"));
        generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("code", is("service_shutting_down"));

        // The request itself ends later: it lost the race to record, so it answers the interruption.
        Response late = running.get(60, TimeUnit.SECONDS);
        assertEquals(503, late.statusCode());
        assertEquals("generation_interrupted", late.path("code"));
        assertEquals(1, Events.of(account).size(), "exactly one outcome");
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
    }
}
