package com.sprintrr.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.TestKeys;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogTest {

    @Test
    void listsTheThreeProvidersWithDefaultAndCuratedModels() {
        Api.as(TestKeys.account()).get("/v1/byok/providers").then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("provider", contains("anthropic", "openai", "gemini"))
                .body("[0].displayName", is("Anthropic (Claude)"))
                .body("[0].defaultModel", is("claude-sonnet-4-6"))
                .body("[0].models", contains("claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5",
                        "claude-sonnet-4-5", "claude-opus-4-5"))
                .body("[1].displayName", is("OpenAI"))
                .body("[1].defaultModel", is("gpt-4o-mini"))
                .body("[1].models", contains("gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini"))
                .body("[2].displayName", is("Google Gemini"))
                .body("[2].defaultModel", is("gemini-3.1-flash-lite"))
                .body("[2].models", contains("gemini-3.1-flash-lite", "gemini-2.5-flash", "gemini-2.5-flash-lite",
                        "gemini-2.5-pro"));
    }

    @Test
    void needsAValidToken() {
        given().get("/v1/byok/providers").then().statusCode(401).contentType(Api.PROBLEM_JSON);
    }
}
