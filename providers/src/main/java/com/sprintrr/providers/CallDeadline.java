package com.sprintrr.providers;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a blocking call made on the calling thread: if the deadline passes before {@link #close()},
 * the thread is interrupted once, which makes {@code HttpClient.send} abort its exchange and a read
 * from a response body stream fail. {@link #close()} cancels the alarm and, when the alarm did fire,
 * clears the interrupt it caused so it does not leak into the pooled thread's next task.
 *
 * <p>This replaces waiting on {@code HttpClient.sendAsync(...).get(timeout)}: {@code sendAsync}
 * hands every completion to the {@code CompletableFuture} default executor, which on a 2-core
 * machine (common pool parallelism 1) starts a new thread per call. One shared daemon thread runs
 * every alarm here; an alarm that is cancelled in time never wakes it.
 */
public final class CallDeadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private final Thread caller;
    private final ScheduledFuture<?> alarm;
    private boolean done;
    private boolean expired;

    private CallDeadline(Duration timeout) {
        this.caller = Thread.currentThread();
        this.alarm = ALARMS.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the clock for the current thread. */
    public static CallDeadline start(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new CallDeadline(timeout);
    }

    /** Whether the deadline passed before the call finished (so an interrupt or abort was ours). */
    public synchronized boolean expired() {
        return expired;
    }

    @Override
    public void close() {
        alarm.cancel(false);
        synchronized (this) {
            done = true;
            if (expired) {
                Thread.interrupted();
            }
        }
    }

    private synchronized void expire() {
        if (!done) {
            expired = true;
            caller.interrupt();
        }
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sprintrr-call-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every call finishes in time: drop its alarm at once rather than keeping it queued until it is due.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
