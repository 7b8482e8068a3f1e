package com.sprintrr.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Bounded;
import com.sprintrr.testing.EmbeddedDatabase;
import com.sprintrr.testing.Jwts;
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
        String account = Internal.newAccount();
        credits(account).then().statusCode(200);

        try (EmbeddedDatabase.Pause stalled = EmbeddedDatabase.pause()) {
            Bounded.within("GET /v1/credits on a stalled database", REQUEST_BOUND, () -> credits(account))
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("code", is("database_unavailable"));
            Bounded.within("a grant on a stalled database", REQUEST_BOUND, () -> Internal.grant(account, 5, "stall"))
                    .then().statusCode(503)
                    .header("Retry-After", "2")
                    .body("code", is("database_unavailable"));
            Bounded.within("readiness on a stalled database", READINESS_BOUND, DatabaseStallTest::readiness)
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'database' }.status", is("DOWN"));
        }

        Await.until("reads to work again", Duration.ofSeconds(60), () -> credits(account).statusCode() == 200);
        Await.until("readiness to be UP again", Duration.ofSeconds(60), () -> readiness().statusCode() == 200);
    }

    private static Response credits(String account) {
        return given().header("Authorization", Jwts.bearer(account)).when().get("/v1/credits");
    }

    private static Response readiness() {
        return Management.given().when().get("/q/health/ready");
    }
}
