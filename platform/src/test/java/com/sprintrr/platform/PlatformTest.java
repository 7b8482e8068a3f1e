package com.sprintrr.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class PlatformTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String INTERNAL = "Bearer test-internal-token-not-for-production";

    @Test
    void takesTheAccountFromTheVerifiedToken() {
        given().header("Authorization", Jwts.bearer("acct-1")).get("/v1/probe")
                .then().statusCode(200).body("accountId", is("acct-1"));
    }

    @Test
    void refusesMissingForgedAndExpiredTokensWithAProblem() {
        given().get("/v1/probe").then().statusCode(401).contentType(PROBLEM).body("code", is("unauthenticated"));
        given().header("Authorization", "Bearer " + Jwts.forgedToken("acct-1")).get("/v1/probe")
                .then().statusCode(401).contentType(PROBLEM).body("code", is("unauthenticated"));
        given().header("Authorization", "Bearer " + Jwts.expiredToken("acct-1")).get("/v1/probe")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void refusesATokenWithoutAnAccount() {
        given().header("Authorization", "Bearer " + Jwts.tokenWithoutAccount()).get("/v1/probe")
                .then().statusCode(403).contentType(PROBLEM).body("code", is("invalid_account"));
    }

    @Test
    void opensInternalPathsOnlyWithTheServiceToken() {
        given().get("/internal/v1/probe").then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", Jwts.bearer("acct-1")).get("/internal/v1/probe")
                .then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", INTERNAL + "x").get("/internal/v1/probe").then().statusCode(401);
        given().header("Authorization", INTERNAL).get("/internal/v1/probe")
                .then().statusCode(200).body("internal", is("yes"));
    }

    @Test
    void guardsUnknownInternalPathsBeforeRouting() {
        given().get("/internal/v1/does-not-exist").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void rendersDomainProblemsWithTheirCodeAndExtensions() {
        given().get("/v1/probe/conflict")
                .then().statusCode(409).contentType(PROBLEM)
                .header("Retry-After", "3")
                .body("code", is("probe_conflict"))
                .body("status", is(409))
                .body("type", containsString("probe_conflict"))
                .body("detail", is("The probe is in the way."))
                .body("retryAfterSeconds", is(3));
    }

    @Test
    void hidesUnexpectedFailuresBehindAGenericProblem() {
        given().get("/v1/probe/bug")
                .then().statusCode(500).contentType(PROBLEM)
                .body("code", is("internal_error"))
                .body(not(containsString("must not leak")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void answersMalformedOrMistypedJsonWith400() {
        String bearer = Jwts.bearer("acct-1");
        given().header("Authorization", bearer).contentType("application/json").body("{\"name\":")
                .post("/v1/probe/echo").then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
        given().header("Authorization", bearer).contentType("application/json").body("{\"name\":\"a\",\"count\":\"many\"}")
                .post("/v1/probe/echo").then().statusCode(400).contentType(PROBLEM)
                .body("code", is("invalid_request"))
                .body("detail", containsString("count"))
                .body(not(containsString("many")));
    }

    @Test
    void readsJsonStrictly() {
        String bearer = Jwts.bearer("acct-1");
        given().header("Authorization", bearer).contentType("application/json").body("{\"name\":\"a\",\"count\":1,\"extra\":true}")
                .post("/v1/probe/echo").then().statusCode(400).contentType(PROBLEM)
                .body("code", is("invalid_request")).body("detail", containsString("extra"));
        given().header("Authorization", bearer).contentType("application/json").body("{\"name\":5,\"count\":1}")
                .post("/v1/probe/echo").then().statusCode(400).contentType(PROBLEM);
        given().header("Authorization", bearer).contentType("application/json").body("{\"name\":\"a\",\"count\":1} trailing")
                .post("/v1/probe/echo").then().statusCode(400).contentType(PROBLEM);
        given().header("Authorization", bearer).contentType("application/json").body("{\"name\":\"a\",\"count\":1}")
                .post("/v1/probe/echo").then().statusCode(200).body("name", is("a"));
    }

    @Test
    void refusesOversizedBodiesBeforeReadingThem() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\",\"count\":1}";
        given().header("Authorization", Jwts.bearer("acct-1")).contentType("application/json").body(big)
                .post("/v1/probe/echo").then().statusCode(413).contentType(PROBLEM).body("code", is("payload_too_large"));
    }

    @Test
    void answersWrongMediaTypeWithAProblem() {
        given().header("Authorization", Jwts.bearer("acct-1")).contentType("text/plain").body("hi")
                .post("/v1/probe/echo").then().statusCode(415).contentType(PROBLEM);
    }
}
