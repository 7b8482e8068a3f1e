package com.sprintrr.credits.bench;

import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.hold.HoldService;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.CpuMeter;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Holds per second and CPU per hold of {@link HoldService#place} called from {@code bench.threads}
 * (64) threads at once against the tests' real PostgreSQL: all on one hot account, then each thread
 * on an account of its own (the spread case bin/bench-system compares it with); {@code bench.rounds}
 * times. Prints the figures (the JVM's CPU per hold is the one to read: the calling thread only waits;
 * PostgreSQL's CPU is not counted); asserts
 * nothing about speed. The test server runs with fsync off, so a commit here is cheaper than in
 * production, where the hot account's lock is also held over a WAL flush. Not run by {@code verify}:
 * {@code ./mvnw -B -o -pl credit-service -am verify -Dtest=HoldCostBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures in
 * {@code target/surefire-reports/*HoldCostBenchmark-output.txt}.
 */
@QuarkusTest
class HoldCostBenchmark {

    @Inject
    HoldService holds;
    @Inject
    LedgerProbe probe;

    @Test
    void holdsPerSecondOnOneHotAccountAndSpread() throws Exception {
        int threads = Integer.getInteger("bench.threads", 64);
        int perRound = Integer.getInteger("bench.holds", 6_000);
        System.out.println(String.format(Locale.ROOT, "BENCH credit-service holds: %d holds per run from %d threads, %d cores,"
                + " load average %.2f", perRound, threads, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        // Round 1 warms the JIT up; the figures are the later rounds' (the machine is shared: take the best).
        for (int round = 1; round <= Integer.getInteger("bench.rounds", 3); round++) {
            String hot = funded();
            List<String> hotAccounts = new ArrayList<>();
            List<String> spread = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                hotAccounts.add(hot);
                spread.add(funded());
            }
            run("round " + round + ", one hot account", hotAccounts, perRound);
            run("round " + round + ", spread over " + threads + " accounts", spread, perRound);
            probe.assertConsistent(hot);
            assertEquals(2L * perRound, probe.held(hot), "every hold on the hot account placed once");
        }
        assertEquals(0L, probe.inconsistentAccounts(), "balances and held equal their rows");
    }

    /** Places {@code total} quality holds from one thread per entry of {@code accounts} (thread i on account i). */
    private void run(String label, List<String> accounts, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(accounts.size());
        try {
            AtomicInteger left = new AtomicInteger(total);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (String account : accounts) {
                futures.add(pool.submit(() -> {
                    start.await();
                    int placed = 0;
                    while (left.getAndDecrement() > 0) {
                        if (holds.place(account, UUID.randomUUID(), Mode.QUALITY).created()) {
                            placed++;
                        }
                    }
                    return placed;
                }));
            }
            CpuMeter meter = CpuMeter.start();
            start.countDown();
            int placed = 0;
            for (Future<Integer> f : futures) {
                placed += f.get();
            }
            meter.print("BENCH " + label, total);
            assertEquals(total, placed, "every hold created");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String funded() {
        String account = Internal.newAccount();
        Internal.grant(account, 1_000_000, "benchmark").then().statusCode(lessThan(300));
        return account;
    }
}
