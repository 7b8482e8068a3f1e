package com.sprintrr.keys;

import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Bounded;
import com.sprintrr.testing.EmbeddedDatabase;
import com.sprintrr.testing.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A frozen PostgreSQL: a bounded wait then 503 database_unavailable, readiness DOWN, and both recover. */
@QuarkusTest
class DatabaseStallTest {

    /** Ceilings for "does not hang" on a loaded machine, far above the test profile's bounds (15 s and 5 s). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(60);
    private static final Duration READINESS_BOUND = Duration.ofSeconds(30);

    @Test
    void aStalledDatabaseIsA503WithRetryAfterAndNotReadyUntilItAnswersAgain() {
        String account = TestKeys.account();
        view(account).then().statusCode(200);

        try (EmbeddedDatabase.Pause stalled = EmbeddedDatabase.pause()) {
            Bounded.within("GET /v1/byok on a stalled database", REQUEST_BOUND, () -> view(account))
                    .then().statusCode(503)
                    .contentType(Api.PROBLEM_JSON)
                    .header("Retry-After", "2")
                    .body("code", is("database_unavailable"));
            Bounded.within("the internal credential on a stalled database", REQUEST_BOUND,
                    () -> Api.internal().post("/internal/v1/accounts/{id}/byok/credential", account))
                    .then().statusCode(503)
                    .body("code", is("database_unavailable"));
            Bounded.within("readiness on a stalled database", READINESS_BOUND, DatabaseStallTest::readiness)
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'database' }.status", is("DOWN"));
        }

        Await.until("reads to work again", Duration.ofSeconds(60), () -> view(account).statusCode() == 200);
        Await.until("readiness to be UP again", Duration.ofSeconds(60), () -> readiness().statusCode() == 200);
    }

    private static Response view(String account) {
        return Api.as(account).when().get("/v1/byok");
    }

    private static Response readiness() {
        return Management.given().when().get("/q/health/ready");
    }
}
