package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void noInterruptLeftBehind() {
        Thread.interrupted();
    }

    @Test
    void aCallStillRunningAtTheDeadlineIsInterruptedAndTheInterruptIsClearedOnClose() {
        CallDeadline deadline = CallDeadline.start(Duration.ofMillis(50));
        try (deadline) {
            assertThrows(InterruptedException.class, () -> never.await(10, TimeUnit.SECONDS));
            assertTrue(deadline.expired());
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aCallThatFinishesInTimeIsNeverInterrupted() throws InterruptedException {
        CallDeadline deadline = CallDeadline.start(Duration.ofMillis(20));
        deadline.close();

        // Well past the deadline: the cancelled alarm must not fire into the thread's next wait.
        assertFalse(never.await(300, TimeUnit.MILLISECONDS));
        assertFalse(deadline.expired());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInterruptFromSomeoneElseIsNotMistakenForTheDeadline() {
        try (CallDeadline deadline = CallDeadline.start(Duration.ofSeconds(10))) {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> never.await(10, TimeUnit.SECONDS));
            assertFalse(deadline.expired());
        }
    }
}
