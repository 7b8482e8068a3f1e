package com.sprintrr.platform.warmup;

import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import com.sprintrr.testing.Await;
import com.sprintrr.testing.Management;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.Response;

/** What the warm-up tests share: warm-up turned on with a deadline, and readiness with its warm-up check. */
final class WarmUpProbe {

    private WarmUpProbe() {
    }

    /** A test profile turning warm-up on with this max-duration. */
    abstract static class WarmUpOn implements QuarkusTestProfile {

        private final String maxDuration;

        WarmUpOn(String maxDuration) {
            this.maxDuration = maxDuration;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sprintrr.warmup.enabled", "true", "sprintrr.warmup.max-duration", maxDuration);
        }
    }

    static Response readiness() {
        return Management.given().get("/q/health/ready");
    }

    /** Waits for readiness, then checks the warm-up check says UP in this state. */
    static void awaitReadyWithWarmUp(String why, String state) {
        Await.until(why, Duration.ofSeconds(60), () -> readiness().statusCode() == 200);
        readiness().then()
                .body("checks.find { it.name == 'warm-up' }.status", is("UP"))
                .body("checks.find { it.name == 'warm-up' }.data.state", is(state));
    }
}
