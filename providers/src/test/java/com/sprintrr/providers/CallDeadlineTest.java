package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

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
        CallDeadline deadline = CallDeadline.start(Duration.ofMillis(500));
        deadline.close();
        // The premise is a call that ended in time: a thread descheduled for the whole half second
        // between start and close (a loaded machine) did not, and proves nothing either way.
        assumeFalse(deadline.expired(), "the machine held this thread past the deadline before close");

        // Well past the deadline: the cancelled alarm must not fire into the thread's next wait.
        assertFalse(never.await(800, TimeUnit.MILLISECONDS));
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
