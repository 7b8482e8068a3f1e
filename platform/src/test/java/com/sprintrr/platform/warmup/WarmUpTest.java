package com.sprintrr.platform.warmup;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.Await;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.Management;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A pod is not ready before its warm-up has run (all built-in steps, then the extra ones). */
@QuarkusTest
@TestProfile(WarmUpTest.Enabled.class)
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class WarmUpTest {

    /** Warm-up on, with a deadline far beyond the test, so only the gate decides. */
    public static class Enabled extends WarmUpProbe.WarmUpOn {
        public Enabled() {
            super("10m");
        }
    }

    @Inject
    GateStep gate;
    @Inject
    WarmUp warmUp;

    @Test
    void readinessStaysDownUntilTheWarmUpHasFinished() {
        // The gate runs last: once it is entered, the pool, JSON, JWT and loopback HTTP steps are done.
        Await.until("the warm-up to reach the gate", Duration.ofSeconds(120), gate::entered);
        WarmUpProbe.readiness().then().statusCode(503)
                .body("checks.find { it.name == 'warm-up' }.status", is("DOWN"))
                .body("checks.find { it.name == 'warm-up' }.data.state", is("running"));
        Management.given().get("/q/health/live").then().statusCode(200);
        assertTrue(warmUp.answered() > 0, "the loopback requests were answered");

        gate.open();

        WarmUpProbe.awaitReadyWithWarmUp("readiness after the warm-up", "done");
    }
}
