package com.sprintrr.generation.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** GET /v1/generation/options: what the modal shows, and which part is unknown when a service is down. */
@QuarkusTest
class GenerationOptionsTest extends GenerationTestBase {

    @Test
    void byokOnDefaultsToByokWithTheModeInertThere() {
        String account = byokAccount(Provider.ANTHROPIC, "claude-sonnet-4-6");
        internal.creditsAvailable(account, 120, 2);

        options(account)
                .body("defaultSource", is("byok"))
                .body("sources", hasSize(2))
                .body("sources[0].source", is("credits"))
                .body("sources[0].available", is(120))
                .body("sources[0].modeSelectable", is(true))
                .body("sources[0].modes", contains("quality", "speed"))
                .body("sources[1].source", is("byok"))
                .body("sources[1].provider", is("anthropic"))
                .body("sources[1].model", is("claude-sonnet-4-6"))
                .body("sources[1].modeSelectable", is(false))
                .body("unknown", empty());
    }

    @Test
    void byokOffOffersCreditsOnly() {
        String account = creditsOnlyAccount();

        options(account)
                .body("defaultSource", is("credits"))
                .body("sources", hasSize(1))
                .body("sources[0].available", is(50));
    }

    @Test
    void creditServiceDownLeavesOnlyTheCreditsUnknown() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        internal.creditServiceDown(account);

        options(account)
                .body("defaultSource", is("byok"))
                .body("sources[0].source", is("credits"))
                .body("sources[0].available", nullValue())
                .body("sources[1].provider", is("openai"))
                .body("unknown", contains("credits"));
    }

    @Test
    void keyServiceDownLeavesByokAndTheDefaultUnknown() {
        String account = newAccount();
        internal.keyServiceDown(account);
        internal.creditsAvailable(account, 7, 1);

        options(account)
                .body("defaultSource", nullValue())
                .body("sources", hasSize(1))
                .body("sources[0].available", is(7))
                .body("unknown", contains("byok"));
    }

    @Test
    void needsAToken() {
        given().when().get("/v1/generation/options").then().statusCode(401);
    }

    private static ValidatableResponse options(String account) {
        return given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generation/options")
                .then().statusCode(200);
    }
}
