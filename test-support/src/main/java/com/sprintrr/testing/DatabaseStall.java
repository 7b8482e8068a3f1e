package com.sprintrr.testing;

import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.function.Supplier;

import io.restassured.response.Response;

/**
 * The frozen-PostgreSQL check every service's DatabaseStallTest makes: with the database paused, a read
 * and a write end within a bound as 503 database_unavailable and readiness is DOWN; once it answers
 * again, reads and readiness recover. Each service supplies its own read and write.
 */
public final class DatabaseStall {

    /** Ceilings for "does not hang" on a loaded machine, far above the test profile's bounds (15 s and 5 s). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(60);
    private static final Duration READINESS_BOUND = Duration.ofSeconds(30);
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    /** A request the test makes, named for the failure message. */
    public record Call(String name, Supplier<Response> send) {
    }

    private DatabaseStall() {
    }

    /**
     * Checks the read works, then stalls the database: the read (with Retry-After: 2 and a problem
     * body) and the write (with Retry-After: 2 if {@code writeRetryAfter}) are 503 database_unavailable,
     * readiness is 503 with the database check DOWN; after the stall both recover.
     */
    public static void expectUnavailableThenRecovered(Call read, Call write, boolean writeRetryAfter) {
        read.send().get().then().statusCode(200);

        try (EmbeddedDatabase.Pause stalled = EmbeddedDatabase.pause()) {
            Bounded.within(read.name() + " on a stalled database", REQUEST_BOUND, read.send())
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("code", is("database_unavailable"));
            var writeAnswer = Bounded.within(write.name() + " on a stalled database", REQUEST_BOUND, write.send())
                    .then().statusCode(503)
                    .body("code", is("database_unavailable"));
            if (writeRetryAfter) {
                writeAnswer.header("Retry-After", "2");
            }
            Bounded.within("readiness on a stalled database", READINESS_BOUND, DatabaseStall::readiness)
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'database' }.status", is("DOWN"));
        }

        Await.until("reads to work again", RECOVERY, () -> read.send().get().statusCode() == 200);
        Await.until("readiness to be UP again", RECOVERY, () -> readiness().statusCode() == 200);
    }

    /** The readiness probe of the service under test, on its management port. */
    private static Response readiness() {
        return Management.given().when().get("/q/health/ready");
    }
}
