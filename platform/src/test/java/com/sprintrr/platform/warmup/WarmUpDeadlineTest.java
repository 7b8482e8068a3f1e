package com.sprintrr.platform.warmup;

import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.testing.Await;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.Management;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A warm-up that hangs cannot keep a pod unready: after max-duration readiness says UP anyway. */
@QuarkusTest
@TestProfile(WarmUpDeadlineTest.ShortDeadline.class)
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class WarmUpDeadlineTest {

    /** Warm-up on, with a deadline of one second. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sprintrr.warmup.enabled", "true", "sprintrr.warmup.max-duration", "1s");
        }
    }

    @Inject
    GateStep gate;

    @Test
    void readinessTurnsUpAfterMaxDurationWhileTheWarmUpStillHangs() {
        // The gate is never opened here: the warm-up thread stays blocked in it.
        Await.until("the warm-up to hang in the gate", Duration.ofSeconds(120), gate::entered);
        Await.until("readiness despite the hung warm-up", Duration.ofSeconds(60),
                () -> Management.given().get("/q/health/ready").statusCode() == 200);
        Management.given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'warm-up' }.status", is("UP"))
                .body("checks.find { it.name == 'warm-up' }.data.state", is("timed-out"));
    }

    @AfterEach
    void freeTheWarmUpThread() {
        gate.open();
    }
}
