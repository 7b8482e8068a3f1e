package com.sprintrr.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a call that might hang (an HTTP request against a frozen dependency) on a thread of its own
 * and fails the test if it has not returned within the bound, so the test can still clean up.
 * Bounds here are generous ceilings for "does not hang", never measurements of speed.
 */
public final class Bounded {

    private Bounded() {
    }

    public static <T> T within(String what, Duration bound, Supplier<T> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                answer.complete(call.get());
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        }, "bounded-call");
        thread.setDaemon(true);
        long started = System.nanoTime();
        thread.start();
        try {
            T result = answer.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            // For the reader of a slow run's log, never asserted: how close the answer came to the bound.
            System.out.printf("%s answered after %d ms (bound %d ms)%n", what,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), bound.toMillis());
            return result;
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not answer within " + bound);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for " + what, e);
        }
    }
}
