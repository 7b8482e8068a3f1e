package com.sprintrr.generation;

import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.Await;
import com.sprintrr.testing.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the warm-up on (as in prod) and a real database, the service becomes ready because the
 * warm-up finished (pool of 4, JSON, JWT, loopback requests incl. /v1/generation/options), not
 * because max-duration ran out.
 */
@QuarkusTest
@TestProfile(WarmUpReadyTest.WarmUpOn.class)
class WarmUpReadyTest {

    /** Warm-up and pool as in prod; a deadline only a hang would reach. */
    public static class WarmUpOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sprintrr.warmup.enabled", "true", "sprintrr.warmup.max-duration", "5m",
                    "quarkus.datasource.jdbc.min-size", "4", "quarkus.datasource.jdbc.initial-size", "4");
        }
    }

    @Test
    void becomesReadyOnceTheWarmUpHasFinished() {
        Await.until("readiness", Duration.ofSeconds(120), () -> Management.given().get("/q/health/ready").statusCode() == 200);
        Management.given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'warm-up' }.status", is("UP"))
                .body("checks.find { it.name == 'warm-up' }.data.state", is("done"));
    }
}
