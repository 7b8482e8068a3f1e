package com.sprintrr.credits.hold;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.sprintrr.credits.config.CreditsConfig;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.platform.db.DatabaseFailure;
import com.sprintrr.platform.db.DatabaseUnavailable;

import io.quarkus.logging.Log;

/**
 * Places holds for generations on the credits path, once per generation id. Holds of one account
 * are placed together (group commit, issue 12): a call that arrives while a transaction for its
 * account is running waits in the account's lane, and the next transaction places up to
 * {@code sprintrr.credits.hold-batch-size} waiting calls at once with one lock and one commit
 * ({@link HoldBatch}). Each caller gets the answer it would have got alone.
 *
 * <p>The lane only makes holds share transactions; it is not what keeps them correct. Correctness
 * is the database's, as before: the account row lock, the conditional reservation, the hold's
 * primary key. Other replicas, and a call placed alone, run beside the lanes safely.
 */
@ApplicationScoped
public class HoldService {

    /** Calls one account may have waiting at once; far above any worker pool, so only a runaway reaches it. */
    static final int MAX_WAITING = 1024;

    private final HoldBatch batches;
    private final int batchSize;
    private final long queueWaitNanos;
    private final long batchWaitNanos;
    /** The accounts with a transaction running, each with the calls waiting for the next one. Guarded by itself. */
    private final Map<String, ArrayDeque<Waiter>> lanes = new HashMap<>();
    private final AtomicLong batchesPlacedAlone = new AtomicLong();

    @Inject
    HoldService(HoldBatch batches, CreditsConfig config,
            @ConfigProperty(name = "sprintrr.db.request-timeout", defaultValue = "5s") Duration requestTimeout) {
        if (config.holdBatchSize() < 1) {
            throw new IllegalArgumentException("sprintrr.credits.hold-batch-size must be 1 or more");
        }
        this.batches = batches;
        this.batchSize = config.holdBatchSize();
        // A waiting call gives up after the bound a request has on one database wait (what a call
        // waiting on the row lock alone got): it has not reached the database, nothing changed.
        this.queueWaitNanos = requestTimeout.toNanos();
        // Once in a running transaction, its answer comes when that ends; each of its round trips is
        // bounded by the same request timeout, so this bound is a last resort against a bug.
        this.batchWaitNanos = 2 * requestTimeout.toNanos();
    }

    /** A hold and whether this call placed it (false: the generation already had it). */
    public record Placement(Hold hold, boolean created) {
    }

    /**
     * Reserves the mode's cost for the generation: 201-style {@code created} for a new hold, the
     * generation's existing hold otherwise; throws 402 {@code insufficient_credits}, 409
     * {@code generation_conflict} or {@code generation_settled}, or 503 {@code database_unavailable}
     * (the database did not answer in time, or the account's lane did not move within the bound).
     * Overdraft-proof whatever runs concurrently: see {@link HoldBatch#place}.
     */
    public Placement place(String accountId, UUID generationId, Mode mode) {
        Waiter me = new Waiter(new HoldBatch.Request(generationId, mode));
        List<Waiter> batch = join(accountId, me);
        if (batch == null) {
            Turn turn = awaitTurn(accountId, me);
            if (!(turn instanceof Lead lead)) {
                return answer(accountId, me, turn);
            }
            batch = lead.batch();
        }
        return lead(accountId, me, batch);
    }

    /** Calls waiting behind the account's running transaction; -1 when none runs (for tests that line calls up). */
    int queued(String accountId) {
        synchronized (lanes) {
            ArrayDeque<Waiter> lane = lanes.get(accountId);
            return lane == null ? -1 : lane.size();
        }
    }

    /** Batches of several calls that failed for a reason other than the database and were placed one by one. */
    long batchesPlacedAlone() {
        return batchesPlacedAlone.get();
    }

    /** One call in a lane; {@code taken} once a transaction has it, after which it cannot withdraw. */
    private static final class Waiter {

        final HoldBatch.Request request;
        final CompletableFuture<Turn> turn = new CompletableFuture<>();
        /** Guarded by {@code lanes}. */
        boolean taken;

        Waiter(HoldBatch.Request request) {
            this.request = request;
        }
    }

    /** What a waiting call is told when its wait ends. */
    private sealed interface Turn permits Lead, Answered, Alone, Unavailable {
    }

    /** Run the next transaction, for these calls (this one first). */
    private record Lead(List<Waiter> batch) implements Turn {
    }

    /** The transaction committed (or rolled back a refusal): this is the call's answer. */
    private record Answered(HoldBatch.Outcome outcome) implements Turn {
    }

    /** The transaction failed for a reason that may be one call's own: place this call alone. */
    private record Alone() implements Turn {
    }

    /** The database did not answer: the same 503 the call would have got alone. */
    private record Unavailable(RuntimeException failure) implements Turn {
    }

    /** Enters the account's lane: the batch to run now (the lane was idle), or null to wait for a turn. */
    private List<Waiter> join(String accountId, Waiter me) {
        synchronized (lanes) {
            ArrayDeque<Waiter> lane = lanes.get(accountId);
            if (lane == null) {
                lanes.put(accountId, new ArrayDeque<>());
                me.taken = true;
                return List.of(me);
            }
            if (lane.size() >= MAX_WAITING) {
                Log.warnf("Hold refused: %d calls already wait for one account", lane.size());
                throw DatabaseUnavailable.problem();
            }
            lane.addLast(me);
            return null;
        }
    }

    /** Waits (bounded) to be answered or to lead the next transaction. */
    private Turn awaitTurn(String accountId, Waiter me) {
        Turn turn = waitFor(me, queueWaitNanos);
        if (turn != null) {
            return turn;
        }
        synchronized (lanes) {
            if (!me.taken) {
                lanes.get(accountId).remove(me);
                // Never reached the database: nothing changed, and a retry is safe.
                throw DatabaseUnavailable.problem();
            }
        }
        // Taken just as the wait ended. As a leader its turn is already set (the lane must not be
        // left without one); as a follower its answer comes when the running transaction ends.
        turn = me.turn.getNow(null);
        if (turn == null) {
            turn = waitFor(me, batchWaitNanos);
        }
        if (turn == null) {
            // Its transaction may still commit: like a 503 after a lost commit reply, a retry finds the hold.
            throw DatabaseUnavailable.problem();
        }
        return turn;
    }

    /** The turn within the bound, or null; an interrupt ends the wait early and stays set. */
    private static Turn waitFor(Waiter me, long nanos) {
        try {
            return me.turn.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return me.turn.getNow(null);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a hold's turn is never completed exceptionally", e);
        }
    }

    /** Runs one transaction for the batch (led by {@code me}, its first call), hands the lane on, answers everyone. */
    private Placement lead(String accountId, Waiter me, List<Waiter> batch) {
        List<HoldBatch.Request> requests = new ArrayList<>(batch.size());
        batch.forEach(w -> requests.add(w.request));
        List<HoldBatch.Outcome> outcomes = null;
        RuntimeException failure = null;
        try {
            outcomes = batches.place(accountId, requests);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            // Whatever happened, the lane gets its next leader and every caller of this batch an answer.
            handOff(accountId);
            boolean unavailable = failure != null && DatabaseUnavailable.isCause(failure);
            if (failure != null && batch.size() > 1) {
                if (unavailable) {
                    Log.warnf("%d holds placed together: database unavailable (%s)", batch.size(),
                            DatabaseUnavailable.describe(failure));
                } else {
                    batchesPlacedAlone.incrementAndGet();
                    if (failure instanceof HoldBatch.RaceLost) {
                        Log.infof("%d holds placed together lost a generation id to another account; each is placed alone",
                                batch.size());
                    } else {
                        Log.errorf(failure, "%d holds placed together failed; each is placed alone", batch.size());
                    }
                }
            }
            for (int i = 1; i < batch.size(); i++) {
                batch.get(i).turn.complete(outcomes != null ? new Answered(outcomes.get(i))
                        : unavailable ? new Unavailable(failure) : new Alone());
            }
        }
        if (outcomes != null) {
            return outcomes.get(0).get();
        }
        if (batch.size() == 1 || DatabaseUnavailable.isCause(failure)) {
            throw failure;
        }
        return placeAlone(accountId, me.request);
    }

    /** Ends this account's transaction turn: the lane goes idle, or its first waiting calls become the next batch. */
    private void handOff(String accountId) {
        synchronized (lanes) {
            ArrayDeque<Waiter> lane = lanes.get(accountId);
            if (lane == null || lane.isEmpty()) {
                lanes.remove(accountId);
                return;
            }
            List<Waiter> next = new ArrayList<>(Math.min(batchSize, lane.size()));
            while (next.size() < batchSize && !lane.isEmpty()) {
                Waiter waiter = lane.pollFirst();
                waiter.taken = true;
                next.add(waiter);
            }
            // Completed under the lock: a waiter that finds itself taken always finds its Lead set.
            next.get(0).turn.complete(new Lead(next));
        }
    }

    /** The answer a waiting call was given. */
    private Placement answer(String accountId, Waiter me, Turn turn) {
        if (turn instanceof Answered answered) {
            return answered.outcome().get();
        }
        if (turn instanceof Unavailable unavailable) {
            // An exception of this caller's own, with the same cause: the 503 the call would have got alone.
            throw ownCopy(unavailable.failure());
        }
        return placeAlone(accountId, me.request);
    }

    /** Places one call in a transaction of its own, beside the lane (the database row lock orders it). */
    private Placement placeAlone(String accountId, HoldBatch.Request request) {
        return batches.place(accountId, List.of(request)).get(0).get();
    }

    private static RuntimeException ownCopy(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return new DatabaseFailure("place holds together", sql);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return DatabaseUnavailable.problem();
    }
}
