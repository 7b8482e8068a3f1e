package com.sprintrr.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/** The public credits API (JWT-scoped) and the internal grant and plan endpoints. */
@QuarkusTest
class CreditsApiTest {

    @Inject
    LedgerProbe probe;

    @Test
    void aNewAccountStartsOnTheFreeTrialWithItsMonthlyAllowance() {
        String account = Internal.newAccount();

        String start = given().header("Authorization", Jwts.bearer(account)).get("/v1/credits")
                .then().statusCode(200)
                .body("plan", is("free-trial"))
                .body("balance", is(50))
                .body("held", is(0))
                .body("available", is(50))
                .body("monthlyAllowance", is(50))
                .extract().path("periodStart");
        String end = given().header("Authorization", Jwts.bearer(account)).get("/v1/credits").then().extract().path("periodEnd");

        assertEquals(Instant.parse(start).atZone(ZoneOffset.UTC).plusMonths(1).toInstant(), Instant.parse(end));
        given().header("Authorization", Jwts.bearer(account)).get("/v1/credits/ledger")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].type", is("grant"))
                .body("[0].amount", is(50))
                .body("[0].generationId", nullValue());
    }

    @Test
    void ledgerListsTheCallersEntriesNewestFirstUpToTheLimit() {
        String account = Internal.newAccount();
        Internal.grant(account, 7, "goodwill").then().statusCode(201);
        Internal.grant(account, 9, "referral").then().statusCode(201);
        Internal.grant(Internal.newAccount(), 1000, "someone else").then().statusCode(201);

        given().header("Authorization", Jwts.bearer(account)).queryParam("limit", 2).get("/v1/credits/ledger")
                .then().statusCode(200)
                .body("amount", contains(9, 7))
                .body("reason", contains("referral", "goodwill"));
        given().header("Authorization", Jwts.bearer(account)).get("/v1/credits")
                .then().body("balance", is(66));
    }

    @Test
    void refusesABadLimit() {
        String token = Jwts.bearer(Internal.newAccount());
        for (String limit : new String[] {"0", "201", "abc"}) {
            given().header("Authorization", token).queryParam("limit", limit).get("/v1/credits/ledger")
                    .then().statusCode(400).body("code", is("invalid_request"));
        }
    }

    @Test
    void needsAValidUserToken() {
        String account = Internal.newAccount();
        given().get("/v1/credits").then().statusCode(401).body("code", is("unauthenticated"));
        given().header("Authorization", "Bearer " + Jwts.forgedToken(account)).get("/v1/credits").then().statusCode(401);
        given().header("Authorization", "Bearer " + Jwts.expiredToken(account)).get("/v1/credits/ledger").then().statusCode(401);
        given().header("Authorization", "Bearer " + Internal.TOKEN).get("/v1/credits").then().statusCode(401);
        given().header("Authorization", "Bearer " + Jwts.tokenWithoutAccount()).get("/v1/credits").then().statusCode(403);
    }

    @Test
    void aGrantWithAnIdempotencyKeyHappensOnce() {
        String account = Internal.newAccount();
        Map<String, Object> body = Map.of("credits", 100, "reason", "support ticket 42");

        String id = Internal.api().header("Idempotency-Key", "ticket-42").body(body)
                .post("/internal/v1/accounts/{a}/grants", account)
                .then().statusCode(201).body("type", is("grant")).body("amount", is(100)).extract().path("id");
        Internal.api().header("Idempotency-Key", "ticket-42").body(body)
                .post("/internal/v1/accounts/{a}/grants", account)
                .then().statusCode(200).body("id", is(id));

        assertEquals(150, probe.balance(account));
        probe.assertConsistent(account);
    }

    @Test
    void aNegativeGrantIsAnAdjustmentThatCannotOverdraw() {
        String account = Internal.newAccount();
        Internal.holdCreated(account, "quality");

        Internal.grant(account, -48, "chargeback").then().statusCode(201).body("type", is("adjustment")).body("amount", is(-48));
        Internal.grant(account, -1, "chargeback").then().statusCode(402)
                .body("code", is("insufficient_credits")).body("available", is(0)).body("required", is(1));

        assertEquals(2, probe.balance(account));
        probe.assertConsistent(account);
    }

    @Test
    void refusesGrantsWithoutCreditsOrReason() {
        String account = Internal.newAccount();
        Internal.grant(account, 0, "nothing").then().statusCode(400).body("code", is("invalid_request"));
        Internal.api().body(Map.of("credits", 5)).post("/internal/v1/accounts/{a}/grants", account)
                .then().statusCode(400).body("code", is("invalid_request"));
        Internal.api().body("{\"credits\":\"lots\",\"reason\":\"x\"}").post("/internal/v1/accounts/{a}/grants", account)
                .then().statusCode(400).body("code", is("invalid_request"));
    }

    @Test
    void aPlanChangeTopsUpAtOnceAndADowngradeOfASpentBalanceGrantsNothing() {
        String account = Internal.newAccount();

        Internal.changePlan(account, "pro").then().statusCode(200)
                .body("plan", is("pro")).body("balance", is(2000)).body("monthlyAllowance", is(2000));
        Internal.grant(account, -1900, "test spend").then().statusCode(201);
        // A downgrade below the new allowance grants nothing (it used to top up to 500) and takes nothing.
        Internal.changePlan(account, "starter").then().statusCode(200)
                .body("plan", is("starter")).body("balance", is(100)).body("monthlyAllowance", is(500));
        // Back to pro in the same period: pro's allowance was granted already.
        Internal.changePlan(account, "pro").then().statusCode(200).body("balance", is(100));

        probe.assertConsistent(account);
    }

    @Test
    void refusesAnUnknownPlan() {
        String account = Internal.newAccount();
        Internal.changePlan(account, "platinum").then().statusCode(400).body("code", is("unknown_plan"));
        Internal.credits(account).then().body("plan", is("free-trial"));
    }

    @Test
    void internalEndpointsRefuseUserTokens() {
        String account = Internal.newAccount();
        given().header("Authorization", Jwts.bearer(account)).contentType("application/json")
                .body(Map.of("credits", 1000, "reason", "self-service"))
                .post("/internal/v1/accounts/{a}/grants", account).then().statusCode(401);
        given().header("Authorization", Jwts.bearer(account)).contentType("application/json")
                .body(Map.of("plan", "pro")).put("/internal/v1/accounts/{a}/plan", account).then().statusCode(401);
        given().header("Authorization", Jwts.bearer(account)).get("/internal/v1/accounts/{a}/credits", account)
                .then().statusCode(401);
    }
}
