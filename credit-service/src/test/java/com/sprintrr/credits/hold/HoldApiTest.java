package com.sprintrr.credits.hold;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The internal hold API generation-service calls before a credits generation. */
@QuarkusTest
class HoldApiTest {

    @Inject
    LedgerProbe probe;

    @Test
    void placesAHoldAtTheModeCostOnANewFreeTrialAccount() {
        String account = Internal.newAccount();
        UUID generation = UUID.randomUUID();

        String expiresAt = Internal.placeHold(account, generation, "quality").then().statusCode(201)
                .body("generationId", is(generation.toString()))
                .body("amount", is(2))
                .body("status", is("held"))
                .extract().path("expiresAt");

        Duration ttl = Duration.between(Instant.now(), Instant.parse(expiresAt));
        assertTrue(ttl.compareTo(Duration.ofMinutes(14)) > 0 && ttl.compareTo(Duration.ofMinutes(16)) < 0, "about 15 minutes: " + ttl);
        Internal.credits(account).then().statusCode(200)
                .body("plan", is("free-trial"))
                .body("balance", is(50))
                .body("held", is(2))
                .body("available", is(48))
                .body("monthlyAllowance", is(50));
        probe.assertConsistent(account);
    }

    @Test
    void placingTheSameGenerationAgainReturnsTheExistingHold() {
        String account = Internal.newAccount();
        UUID generation = UUID.randomUUID();
        String first = Internal.placeHold(account, generation, "speed").then().statusCode(201).extract().asString();

        String again = Internal.placeHold(account, generation, "speed").then().statusCode(200).extract().asString();
        Internal.placeHold(account, generation, "quality").then().statusCode(200).body("amount", is(1));

        assertEquals(first, again);
        assertEquals(1, probe.held(account));
        probe.assertConsistent(account);
    }

    @Test
    void refusesWith402WhenAvailableIsBelowTheCost() {
        String account = Internal.newAccount();
        for (int i = 0; i < 24; i++) {
            Internal.holdCreated(account, "quality");
        }
        Internal.holdCreated(account, "speed");

        Internal.placeHold(account, UUID.randomUUID(), "quality").then().statusCode(402)
                .contentType("application/problem+json")
                .body("code", is("insufficient_credits"))
                .body("available", is(1))
                .body("required", is(2));
        Internal.holdCreated(account, "speed");
        assertEquals(50, probe.held(account));
        probe.assertConsistent(account);
    }

    @Test
    void aGenerationIdHeldByAnotherAccountIsAConflict() {
        UUID generation = Internal.holdCreated(Internal.newAccount(), "quality");

        Internal.placeHold(Internal.newAccount(), generation, "quality").then().statusCode(409)
                .body("code", is("generation_conflict"));
    }

    @Test
    void rejectsMalformedRequestsWithoutChangingAnything() {
        String account = Internal.newAccount();
        Internal.api().body(Map.of("generationId", "not-a-uuid", "mode", "quality"))
                .post("/internal/v1/accounts/{a}/holds", account).then().statusCode(400).body("code", is("invalid_request"));
        Internal.api().body(Map.of("generationId", UUID.randomUUID().toString(), "mode", "turbo"))
                .post("/internal/v1/accounts/{a}/holds", account).then().statusCode(400).body("code", is("invalid_request"));
        Internal.api().body("{\"mode\":\"quality\"}")
                .post("/internal/v1/accounts/{a}/holds", account).then().statusCode(400).body("code", is("invalid_request"));
        Internal.placeHold("bad account id!", UUID.randomUUID(), "quality").then().statusCode(400)
                .body("code", is("invalid_request"));
        assertFalse(probe.accountExists(account));
    }

    @Test
    void needsTheServiceTokenNotAUserToken() {
        String account = Internal.newAccount();
        String body = "{\"generationId\":\"" + UUID.randomUUID() + "\",\"mode\":\"quality\"}";
        given().contentType(ContentType.JSON).body(body)
                .post("/internal/v1/accounts/{a}/holds", account).then().statusCode(401);
        given().header("Authorization", Jwts.bearer(account)).contentType(ContentType.JSON).body(body)
                .post("/internal/v1/accounts/{a}/holds", account).then().statusCode(401)
                .body("code", is("unauthenticated"));
        assertFalse(probe.accountExists(account));
    }

    @Test
    void internalCreditsHaveThePublicShape() {
        String account = Internal.newAccount();
        Internal.credits(account).then().statusCode(200)
                .body("plan", is("free-trial"))
                .body("balance", is(50))
                .body("held", is(0))
                .body("available", is(50))
                .body("monthlyAllowance", is(50))
                .body("periodStart", notNullValue())
                .body("periodEnd", notNullValue());
    }
}
