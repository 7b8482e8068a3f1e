package com.sprintrr.generation.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Acceptance 8: bad input is a 400 problem+json before anything else happens: no provider call,
 * no key fetched, no hold. Every downstream is stubbed to work, so a leak would be seen.
 */
@QuarkusTest
class BadInputTest extends GenerationTestBase {

    private String account;

    @BeforeEach
    void everythingDownstreamWorks() {
        account = creditsOnlyAccount();
        for (Provider provider : Provider.values()) {
            providers.replyRecorded(provider, false);
            providers.replyRecorded(provider, true);
        }
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("empty prompt", "{\"prompt\":\"\"}"),
                Arguments.of("blank prompt", "{\"prompt\":\"   \\n \"}"),
                Arguments.of("missing prompt", "{\"maxTokens\":10}"),
                Arguments.of("oversized prompt", "{\"prompt\":\"" + "a".repeat(32_001) + "\"}"),
                Arguments.of("oversized system", "{\"prompt\":\"hi\",\"system\":\"" + "s".repeat(8_001) + "\"}"),
                Arguments.of("maxTokens zero", "{\"prompt\":\"hi\",\"maxTokens\":0}"),
                Arguments.of("maxTokens negative", "{\"prompt\":\"hi\",\"maxTokens\":-5}"),
                Arguments.of("maxTokens too large", "{\"prompt\":\"hi\",\"maxTokens\":8193}"),
                Arguments.of("maxTokens beyond int", "{\"prompt\":\"hi\",\"maxTokens\":99999999999999999999}"),
                Arguments.of("maxTokens not a number", "{\"prompt\":\"hi\",\"maxTokens\":\"many\"}"),
                Arguments.of("unknown source", "{\"prompt\":\"hi\",\"source\":\"wallet\"}"),
                Arguments.of("source in capitals", "{\"prompt\":\"hi\",\"source\":\"BYOK\"}"),
                Arguments.of("unknown mode", "{\"prompt\":\"hi\",\"mode\":\"turbo\"}"),
                Arguments.of("prompt not a string", "{\"prompt\":{\"text\":\"hi\"}}"),
                Arguments.of("malformed JSON", "{\"prompt\":\"hi\""),
                Arguments.of("not JSON at all", "prompt=hi"),
                Arguments.of("JSON array", "[\"hi\"]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIs400WithNothingSentOrCharged(String what, String json) {
        given().header("Authorization", Jwts.bearer(account)).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(json)
                .when().post("/v1/generations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("invalid_request"))
                .body("status", is(400));
        assertNothingHappened();
    }

    @ParameterizedTest(name = "{0} (streamed)")
    @MethodSource("badBodies")
    void badBodyOnAStreamIs400WithNothingSentOrCharged(String what, String json) {
        SseClient.Result result = SseClient.post(account, json);
        assertEquals(400, result.status(), what);
        assertTrue(result.contentType().startsWith("application/problem+json"), result.contentType());
        assertNothingHappened();
    }

    @Test
    void missingBodyIs400() {
        given().header("Authorization", Jwts.bearer(account)).contentType(ContentType.JSON).accept(ContentType.JSON)
                .when().post("/v1/generations")
                .then().statusCode(400)
                .body("code", is("invalid_request"));
        assertNothingHappened();
    }

    @Test
    void malformedIdempotencyKeyIs400() {
        generate(account, body("hi", null, null), "x".repeat(256))
                .then().statusCode(400)
                .body("code", is("invalid_request"));
        assertNothingHappened();
    }

    @Test
    void longestAcceptedPromptStillWorks() {
        generate(account, body("a".repeat(32_000), "credits", "quality")).then().statusCode(200);
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
        assertTrue(generationRequests(Provider.ANTHROPIC).get(0).getHeader("x-api-key")
                .equals(ProviderFake.platformKey(Provider.ANTHROPIC)));
    }

    @Test
    void withoutATokenNothingHappens() {
        given().contentType(ContentType.JSON).body("{\"prompt\":\"hi\"}")
                .when().post("/v1/generations")
                .then().statusCode(401)
                .contentType("application/problem+json");
        assertNothingHappened();
    }

    private void assertNothingHappened() {
        assertEquals(0, allGenerationRequests(), "no provider call");
        assertTrue(internal.holdRequests(account).isEmpty(), "no hold");
        assertTrue(internal.credentialRequests(account).isEmpty(), "no key fetched");
    }
}
