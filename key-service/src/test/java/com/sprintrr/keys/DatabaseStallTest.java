package com.sprintrr.keys;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.testing.DatabaseStall;
import com.sprintrr.testing.DatabaseStall.Call;

import io.quarkus.test.junit.QuarkusTest;

/** A frozen PostgreSQL: a bounded wait then 503 database_unavailable, readiness DOWN, and both recover. */
@QuarkusTest
class DatabaseStallTest {

    @Test
    void aStalledDatabaseIsA503WithRetryAfterAndNotReadyUntilItAnswersAgain() {
        String account = TestKeys.account();
        DatabaseStall.expectUnavailableThenRecovered(
                new Call("GET /v1/byok", () -> Api.as(account).when().get("/v1/byok")),
                new Call("the internal credential",
                        () -> Api.internal().post("/internal/v1/accounts/{id}/byok/credential", account)),
                false);
    }
}
