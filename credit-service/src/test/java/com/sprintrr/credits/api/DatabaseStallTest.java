package com.sprintrr.credits.api;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.testing.DatabaseStall;
import com.sprintrr.testing.DatabaseStall.Call;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/** A frozen PostgreSQL: a bounded wait then 503 database_unavailable, readiness DOWN, and both recover. */
@QuarkusTest
class DatabaseStallTest {

    @Test
    void aStalledDatabaseIsA503WithRetryAfterAndNotReadyUntilItAnswersAgain() {
        String account = Internal.newAccount();
        DatabaseStall.expectUnavailableThenRecovered(
                new Call("GET /v1/credits", () -> given().header("Authorization", Jwts.bearer(account)).when().get("/v1/credits")),
                new Call("a grant", () -> Internal.grant(account, 5, "stall")),
                true);
    }
}
