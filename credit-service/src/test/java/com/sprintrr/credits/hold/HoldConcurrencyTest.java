package com.sprintrr.credits.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 3: concurrent holds on one account never take available below zero. */
@QuarkusTest
class HoldConcurrencyTest {

    @Inject
    LedgerProbe probe;

    @Test
    void fiftyConcurrentHoldsAgainstCreditsForTenLetExactlyTenThrough() throws Exception {
        String account = Internal.newAccount();
        for (int i = 0; i < 15; i++) {
            Internal.holdCreated(account, "quality"); // 30 of 50 held: 20 left, enough for 10 quality holds
        }

        List<Integer> statuses = all(50, () -> Internal.placeHold(account, UUID.randomUUID(), "quality").statusCode());

        assertEquals(10, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(40, statuses.stream().filter(s -> s == 402).count(), statuses.toString());
        assertEquals(50, probe.held(account));
        assertTrue(probe.balance(account) - probe.held(account) >= 0);
        assertEquals(25, probe.queryLong("SELECT count(*) FROM holds WHERE account_id = ? AND status = 'held'", account));
        probe.assertConsistent(account);
    }

    @Test
    void concurrentRetriesOfOneGenerationHoldOnce() throws Exception {
        String account = Internal.newAccount();
        UUID generation = UUID.randomUUID();

        List<Integer> statuses = all(20, () -> Internal.placeHold(account, generation, "quality").statusCode());

        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(2, probe.held(account));
        probe.assertConsistent(account);
    }

    @Test
    void oneGenerationIdPlacedByManyAccountsAtOnceIsHeldByOneAndReservesNothingOnTheOthers() throws Exception {
        // Each account locks only its own row, so they race on the hold's key: the losers reserved
        // before they found the conflict, and their reservation must roll back with it.
        for (int round = 0; round < 5; round++) {
            UUID generation = UUID.randomUUID();
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                accounts.add(Internal.newAccount());
            }
            List<Integer> statuses = all(accounts.size(), new Supplier<>() {
                private final AtomicInteger next = new AtomicInteger();

                @Override
                public Integer get() {
                    return Internal.placeHold(accounts.get(next.getAndIncrement()), generation, "quality").statusCode();
                }
            });

            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(accounts.size() - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
            long held = 0;
            for (String account : accounts) {
                held += probe.held(account);
                probe.assertConsistent(account);
            }
            assertEquals(2, held, "only the winner holds anything");
        }
    }

    /** Runs the call n times at once (all threads released together) and returns the results. */
    private static List<Integer> all(int n, Supplier<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
