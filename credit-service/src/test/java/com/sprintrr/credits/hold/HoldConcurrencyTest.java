package com.sprintrr.credits.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.platform.db.DatabaseUnavailable;
import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance 3: concurrent holds on one account never take available below zero; holds placed
 * together in one transaction (issue 12) are each answered as if placed alone, also under faults.
 */
@QuarkusTest
class HoldConcurrencyTest {

    @Inject
    LedgerProbe probe;
    @Inject
    HoldService holds;
    @Inject
    DataSource dataSource;

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

    @Test
    void manyCallsWithDuplicatesOnOneAccountHoldExactlyWhatIsAvailableEachGenerationOnce() throws Exception {
        // 64 callers at once: those arriving while a transaction runs are placed together by the next.
        String account = Internal.newAccount();
        for (int i = 0; i < 15; i++) {
            Internal.holdCreated(account, "quality"); // 30 of 50 held: 20 left, enough for 10 quality holds
        }
        List<UUID> calls = twiceEach(32);

        List<Integer> statuses = all(calls.size(), new Supplier<>() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Integer get() {
                return Internal.placeHold(account, calls.get(next.getAndIncrement()), "quality").statusCode();
            }
        });

        // Exactly 10 generations are held; a duplicate of a held one finds it, of a refused one is refused too.
        assertEquals(10, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(10, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(44, statuses.stream().filter(s -> s == 402).count(), statuses.toString());
        assertEquals(50, probe.held(account));
        assertEquals(0, probe.available(account));
        assertEquals(25, probe.queryLong("SELECT count(*) FROM holds WHERE account_id = ? AND status = 'held'", account));
        probe.assertConsistent(account);
    }

    @Test
    void callsLinedUpBehindOneTransactionArePlacedTogetherEachCheckedAgainstWhatIsLeft() throws Exception {
        String account = Internal.newAccount();
        for (int i = 0; i < 15; i++) {
            Internal.holdCreated(account, "quality"); // 20 left
        }
        List<UUID> calls = twiceEach(30);
        long placedAlone = holds.batchesPlacedAlone();

        List<Integer> statuses = lineUp(account, calls, Mode.QUALITY);

        // The first call (alone, 2 credits) leaves 18: 9 of the 30 generations fit, in the order the
        // batch has them; their second calls find them (200), the other 21 are refused twice.
        assertEquals(List.of(201), statuses.subList(0, 1));
        List<Integer> batched = statuses.subList(1, statuses.size());
        assertEquals(9, batched.stream().filter(s -> s == 201).count(), batched.toString());
        assertEquals(9, batched.stream().filter(s -> s == 200).count(), batched.toString());
        assertEquals(42, batched.stream().filter(s -> s == 402).count(), batched.toString());
        assertEquals(placedAlone, holds.batchesPlacedAlone(), "the batch was decided as one, none placed alone");
        assertEquals(50, probe.held(account));
        assertEquals(0, probe.available(account));
        assertEquals(25, probe.queryLong("SELECT count(*) FROM holds WHERE account_id = ? AND status = 'held'", account));
        probe.assertConsistent(account);
    }

    @Test
    void aHoldTheDatabaseRefusesInABatchFailsAloneAndTheOthersAreHeld() throws Exception {
        String account = Internal.newAccount();
        List<UUID> calls = twiceEach(5);
        UUID refused = calls.get(0);
        String name = "refuse_" + UUID.randomUUID().toString().replace("-", "");
        probe.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.generation_id = '" + refused + "' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                + "RETURN NEW; END $$");
        probe.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON holds FOR EACH ROW EXECUTE FUNCTION " + name + "()");
        long placedAlone = holds.batchesPlacedAlone();
        List<Integer> statuses;
        try {
            statuses = lineUp(account, calls, Mode.SPEED);
        } finally {
            probe.execute("DROP TRIGGER " + name + " ON holds");
            probe.execute("DROP FUNCTION " + name + "()");
        }

        // Placed alone, the refused generation's two calls fail (500) and every other is answered as alone.
        List<Integer> batched = statuses.subList(1, statuses.size());
        assertEquals(placedAlone + 1, holds.batchesPlacedAlone());
        assertEquals(2, batched.stream().filter(s -> s == 500).count(), batched.toString());
        assertEquals(4, batched.stream().filter(s -> s == 201).count(), batched.toString());
        assertEquals(4, batched.stream().filter(s -> s == 200).count(), batched.toString());
        assertEquals(0, probe.queryLong("SELECT count(*) FROM holds WHERE generation_id = ?", refused));
        assertEquals(2 + 4, probe.held(account));
        probe.assertConsistent(account);
    }

    @Test
    void aBatchWhoseConnectionDiesAnswersEveryCallerUnavailableAndHoldsNothing() throws Exception {
        String account = Internal.newAccount();
        List<UUID> calls = twiceEach(5);
        String name = "crash_" + UUID.randomUUID().toString().replace("-", "");
        probe.execute("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.generation_id = '" + calls.get(3) + "' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; "
                + "RETURN NEW; END $$");
        probe.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON holds FOR EACH ROW EXECUTE FUNCTION " + name + "()");
        List<Integer> statuses;
        try {
            statuses = lineUp(account, calls, Mode.SPEED);
        } finally {
            probe.execute("DROP TRIGGER " + name + " ON holds");
            probe.execute("DROP FUNCTION " + name + "()");
        }

        // The 503 each call would have got alone; nothing of the batch was held, and a retry holds once.
        assertEquals(List.of(201), statuses.subList(0, 1));
        assertEquals(Collections.nCopies(calls.size(), 503), statuses.subList(1, statuses.size()));
        assertEquals(2, probe.held(account));
        for (UUID generation : new HashSet<>(calls)) {
            assertEquals(201, status(() -> holds.place(account, generation, Mode.SPEED)));
        }
        assertEquals(2 + 5, probe.held(account));
        probe.assertConsistent(account);
    }

    /** Each of n new generation ids twice, shuffled. */
    private static List<UUID> twiceEach(int n) {
        List<UUID> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID generation = UUID.randomUUID();
            calls.add(generation);
            calls.add(generation);
        }
        Collections.shuffle(calls);
        return calls;
    }

    /**
     * Lines the calls up in the account's lane, so one transaction places them all: while this test
     * holds the account row, a first call (a new generation) starts its transaction and waits for the
     * row; the calls queue behind it; then the row is released. Returns the first call's status (a
     * quality hold), then the calls' (HoldService called directly: no HTTP thread limit).
     */
    private List<Integer> lineUp(String account, List<UUID> calls, Mode mode) throws Exception {
        Internal.credits(account).then().statusCode(200); // the account exists, so its row can be locked
        ExecutorService pool = Executors.newFixedThreadPool(calls.size() + 1);
        try {
            Future<Integer> first;
            List<Future<Integer>> futures = new ArrayList<>();
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (PreparedStatement s = lock.prepareStatement("SELECT 1 FROM accounts WHERE account_id = ? FOR UPDATE")) {
                    s.setString(1, account);
                    s.executeQuery().close();
                }
                first = pool.submit(() -> status(() -> holds.place(account, UUID.randomUUID(), Mode.QUALITY)));
                Await.until("the first call's transaction to start", () -> holds.queued(account) == 0);
                for (UUID generation : calls) {
                    futures.add(pool.submit(() -> status(() -> holds.place(account, generation, mode))));
                }
                Await.until("every call to wait in the account's lane", () -> holds.queued(account) == calls.size());
                lock.rollback();
            }
            List<Integer> statuses = new ArrayList<>();
            statuses.add(first.get());
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The HTTP status the resource would answer a direct call with. */
    private static int status(Supplier<HoldService.Placement> call) {
        try {
            return call.get().created() ? 201 : 200;
        } catch (ProblemException e) {
            return e.status();
        } catch (RuntimeException e) {
            return DatabaseUnavailable.isCause(e) ? 503 : 500;
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
