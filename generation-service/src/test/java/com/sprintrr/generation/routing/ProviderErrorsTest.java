package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/** Provider failures map to the contract's codes; only safe failures are retried; each is recorded. */
@QuarkusTest
class ProviderErrorsTest extends GenerationTestBase {

    @ParameterizedTest
    @EnumSource(value = ProviderError.class, names = { "ANTHROPIC_RATE_LIMITED", "OPENAI_RATE_LIMITED", "GEMINI_RATE_LIMITED" })
    void rateLimitIs429WithTheProvidersRetryHintAndNoRetry(ProviderError error) {
        String account = byokAccount(error.provider());
        providers.failGeneration(error);
        long seconds = error.retryAfter().orElseThrow().toSeconds();

        generate(account, body("Hi", null, null))
                .then().statusCode(429)
                .header("Retry-After", String.valueOf(seconds))
                .body("code", is("provider_rate_limited"))
                .body("retryAfterSeconds", is((int) seconds));
        assertEquals(1, generationRequests(error.provider()).size());
    }

    @Test
    void exhaustedQuotaIs429WithoutARetryHint() {
        String account = byokAccount(Provider.OPENAI);
        providers.failGeneration(ProviderError.OPENAI_QUOTA_EXHAUSTED);

        generate(account, body("Hi", null, null))
                .then().statusCode(429)
                .header("Retry-After", nullValue())
                .body("code", is("provider_rate_limited"));
        assertEquals(1, generationRequests(Provider.OPENAI).size());
    }

    @ParameterizedTest
    @EnumSource(value = ProviderError.class, names = { "ANTHROPIC_OVERLOADED", "OPENAI_SERVER_ERROR", "GEMINI_OVERLOADED" })
    void unavailableProviderIs502AfterRetries(ProviderError error) {
        String account = byokAccount(error.provider());
        providers.failGeneration(error);

        generate(account, body("Hi", null, null))
                .then().statusCode(502)
                .body("code", is("provider_error"));
        assertEquals(3, generationRequests(error.provider()).size(), "first try and two retries");
    }

    @Test
    void slowProviderIs504AndNotRetried() {
        String account = byokAccount(Provider.OPENAI);
        // Far beyond the 10 s test timeout, so the timeout is what ends the wait however slow the machine.
        providers.withFixedDelay(Duration.ofSeconds(40)).replyRecorded(Provider.OPENAI, false);

        generate(account, body("Hi", null, null))
                .then().statusCode(504)
                .body("code", is("provider_timeout"));
        assertEquals(1, generationRequests(Provider.OPENAI).size());
    }

    @Test
    void failedCreditsGenerationIsRecordedAsFailedSoItsHoldIsReleased() {
        String account = newAccount();
        internal.creditsAvailable(account, 50, 2);
        providers.failGeneration(ProviderError.ANTHROPIC_OVERLOADED);

        String id = generate(account, body("Hi", "credits", "quality"))
                .then().statusCode(502)
                .extract().path("generationId");

        JsonNode event = Events.single(account, id);
        assertEquals("failed", event.path("status").asText());
        assertEquals("credits", event.path("source").asText());
        assertEquals("quality", event.path("mode").asText());
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200)
                .body("status", is("failed"))
                .body("errorCode", is("provider_error"))
                .body("creditsCharged", is(0));
    }

    @Test
    void platformKeyRefusedIs502NotAUserKeyProblem() {
        String account = newAccount();
        internal.creditsAvailable(account, 50, 2);
        providers.refuseGeneration(Provider.ANTHROPIC, ProviderFake.platformKey(Provider.ANTHROPIC),
                Refusal.ANTHROPIC_INVALID);

        generate(account, body("Hi", "credits", "quality"))
                .then().statusCode(502)
                .body("code", is("provider_error"));
    }

    @Test
    void openBreakerStopsCallingTheFailingProviderButNotTheOthers() {
        String account = creditsOnlyAccount();
        providers.failGeneration(ProviderError.ANTHROPIC_OVERLOADED);
        generate(account, body("Hi", "credits", "quality")).then().statusCode(502);
        generate(account, body("Hi", "credits", "quality")).then().statusCode(502);
        int callsBefore = generationRequests(Provider.ANTHROPIC).size();

        generate(account, body("Hi", "credits", "quality"))
                .then().statusCode(502)
                .header("Retry-After", "60")
                .body("code", is("provider_error"));
        assertEquals(callsBefore, generationRequests(Provider.ANTHROPIC).size(), "the open breaker made no call");

        providers.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));
        generate(account, body("Hi", "credits", "speed")).then().statusCode(200);
    }
}
