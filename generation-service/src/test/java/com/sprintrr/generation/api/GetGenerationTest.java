package com.sprintrr.generation.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/** GET /v1/generations/{id}: the owner sees it, nobody else learns it exists. */
@QuarkusTest
class GetGenerationTest extends GenerationTestBase {

    @Test
    void ownerReadsTheStoredGenerationWithoutAnyKeyOrPrompt() {
        String owner = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        String key = ProviderFake.sampleKey(Provider.OPENAI);
        providers.replyRecorded(Provider.OPENAI, false);
        String id = generate(owner, body("A secret prompt", null, null)).then().statusCode(200).extract().path("id");

        given().header("Authorization", Jwts.bearer(owner)).when().get("/v1/generations/" + id)
                .then().statusCode(200)
                .body("id", is(id))
                .body("source", is("byok"))
                .body("status", is("succeeded"))
                .body("text", is(Recorded.OPENAI_TEXT))
                .body(not(containsString(key)))
                .body(not(containsString("A secret prompt")));
    }

    @Test
    void anotherAccountGets404AsForAnUnknownId() {
        String owner = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        providers.replyRecorded(Provider.OPENAI, false);
        String id = generate(owner, body("Hi", null, null)).then().statusCode(200).extract().path("id");

        given().header("Authorization", Jwts.bearer(newAccount())).when().get("/v1/generations/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("code", is("generation_not_found"));
        given().header("Authorization", Jwts.bearer(owner)).when().get("/v1/generations/" + UUID.randomUUID())
                .then().statusCode(404)
                .body("code", is("generation_not_found"));
        given().header("Authorization", Jwts.bearer(owner)).when().get("/v1/generations/not-a-uuid")
                .then().statusCode(404);
    }
}
