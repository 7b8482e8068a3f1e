package com.sprintrr.credits.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/** Expired holds are released exactly once, even with the sweeper running on several replicas. */
@QuarkusTest
class HoldSweeperTest {

    @Inject
    LedgerProbe probe;
    @Inject
    HoldSweeper sweeper;

    @Test
    void expiredHoldsAreReleasedOnceWithSeveralSweepersAtOnce() throws Exception {
        List<String> accounts = List.of(Internal.newAccount(), Internal.newAccount(), Internal.newAccount());
        List<UUID> expired = new ArrayList<>();
        List<UUID> stillOpen = new ArrayList<>();
        for (String account : accounts) {
            for (int i = 0; i < 4; i++) {
                expired.add(Internal.holdCreated(account, "quality"));
            }
            stillOpen.add(Internal.holdCreated(account, "speed"));
        }
        expired.forEach(probe::expireHold);

        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(replicas.submit(() -> {
                    start.await();
                    HoldSweeper.Sweep sweep;
                    do {
                        sweep = sweeper.sweepOnce(Instant.now(), 1);
                    } while (sweep.more());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            replicas.shutdownNow();
        }
        // A replica skips an account another one holds; a later run picks it up.
        Await.until("every expired hold released", () -> {
            sweeper.sweepOnce(Instant.now(), 1000);
            return expired.stream().allMatch(g -> "expired".equals(probe.holdStatus(g)));
        });

        for (UUID generation : expired) {
            assertEquals("expired", probe.holdStatus(generation));
            assertEquals(List.of(new LedgerProbe.Entry("release", 0, generation, "hold expired", null)),
                    probe.entries(generation));
        }
        for (UUID generation : stillOpen) {
            assertEquals("held", probe.holdStatus(generation));
        }
        for (String account : accounts) {
            assertEquals(1, probe.held(account));
            assertEquals(50, probe.balance(account));
            probe.assertConsistent(account);
        }
    }
}
