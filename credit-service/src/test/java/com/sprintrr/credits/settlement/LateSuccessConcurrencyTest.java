package com.sprintrr.credits.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.hold.HoldSweeper;
import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Successes that arrive after their hold expired (or with no hold) race new holds on one account:
 * {@code available} never goes below zero, every generation is charged its cost exactly once
 * (collected plus uncollectable), and every new hold stays fully covered.
 */
@QuarkusTest
class LateSuccessConcurrencyTest {

    /** Generous: the machine is slow and shared. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    LedgerProbe probe;
    @Inject
    HoldSweeper sweeper;

    @Test
    void lateSuccessesRacingNewHoldsNeverTakeAvailableBelowZero() throws Exception {
        String account = Internal.newAccount();
        List<UUID> expired = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expired.add(Internal.holdCreated(account, "quality"));
        }
        expired.forEach(probe::expireHold);
        sweeper.sweepOnce(Instant.now(), 1000);
        assertEquals(50, probe.available(account));
        List<UUID> unheld = new ArrayList<>();
        List<Map.Entry<String, String>> late = new ArrayList<>();
        for (UUID g : expired) {
            late.add(Map.entry(account, GenerationEvents.credits(account, g, "succeeded", "quality")));
        }
        for (int i = 0; i < 10; i++) {
            UUID g = UUID.randomUUID();
            unheld.add(g);
            late.add(Map.entry(account, GenerationEvents.credits(account, g, "succeeded", "speed")));
        }

        ConcurrentLinkedQueue<UUID> placed = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 30; i++) {
                        UUID g = UUID.randomUUID();
                        int status = Internal.placeHold(account, g, "speed").statusCode();
                        assertTrue(status == 201 || status == 402, "hold answered " + status);
                        if (status == 201) {
                            placed.add(g);
                        }
                    }
                    return null;
                }));
            }
            tasks.add(pool.submit(() -> {
                start.await();
                while (running.get()) {
                    lowest.accumulateAndGet(probe.available(account), Math::min);
                }
                return null;
            }));
            start.countDown();
            Kafka.sendAll(late);
            Await.until("the late successes to be settled", TIMEOUT,
                    () -> expired.stream().allMatch(probe::processed) && unheld.stream().allMatch(probe::processed));
            for (Future<?> task : tasks.subList(0, 3)) {
                task.get();
            }
            running.set(false);
            tasks.get(3).get();
        } finally {
            running.set(false);
            pool.shutdownNow();
        }

        assertTrue(lowest.get() >= 0, "available was seen at " + lowest.get());
        assertTrue(probe.available(account) >= 0);
        assertEquals(placed.size(), probe.held(account), "every new hold is still fully reserved");
        for (UUID g : expired) {
            assertEquals(2, collected(g) + probe.uncollectable(g), "charged once: " + g);
        }
        for (UUID g : unheld) {
            assertEquals(1, collected(g) + probe.uncollectable(g), "charged once: " + g);
        }
        probe.assertConsistent(account);

        // The new holds were covered all along: their successes are captured in full.
        List<Map.Entry<String, String>> captures = new ArrayList<>();
        for (UUID g : placed) {
            captures.add(Map.entry(account, GenerationEvents.credits(account, g, "succeeded", "speed")));
        }
        Kafka.sendAll(captures);
        Await.until("the new holds to be captured", TIMEOUT, () -> placed.stream().allMatch(probe::processed));
        for (UUID g : placed) {
            assertEquals("captured", probe.holdStatus(g));
            assertEquals(1, collected(g));
            assertEquals(0, probe.uncollectable(g));
        }
        assertEquals(0, probe.held(account));
        assertTrue(probe.available(account) >= 0);
        probe.assertConsistent(account);
    }

    private long collected(UUID generation) {
        return -probe.entries(generation).stream().filter(e -> e.type().equals("debit")).mapToLong(LedgerProbe.Entry::amount).sum();
    }
}
