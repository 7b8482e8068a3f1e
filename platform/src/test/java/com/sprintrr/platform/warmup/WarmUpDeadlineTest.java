package com.sprintrr.platform.warmup;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.testing.Await;
import com.sprintrr.testing.JwtResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A warm-up that hangs cannot keep a pod unready: after max-duration readiness says UP anyway. */
@QuarkusTest
@TestProfile(WarmUpDeadlineTest.ShortDeadline.class)
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class WarmUpDeadlineTest {

    /** Warm-up on, with a deadline of one second. */
    public static class ShortDeadline extends WarmUpProbe.WarmUpOn {
        public ShortDeadline() {
            super("1s");
        }
    }

    @Inject
    GateStep gate;

    @Test
    void readinessTurnsUpAfterMaxDurationWhileTheWarmUpStillHangs() {
        // The gate is never opened here: the warm-up thread stays blocked in it.
        Await.until("the warm-up to hang in the gate", Duration.ofSeconds(120), gate::entered);
        WarmUpProbe.awaitReadyWithWarmUp("readiness despite the hung warm-up", "timed-out");
    }

    @AfterEach
    void freeTheWarmUpThread() {
        gate.open();
    }
}
