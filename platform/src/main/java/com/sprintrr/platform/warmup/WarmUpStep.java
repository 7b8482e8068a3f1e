package com.sprintrr.platform.warmup;

/**
 * Extra work a service (or a test) adds to the start-up warm-up: any {@code @ApplicationScoped}
 * bean implementing this runs after the built-in steps, on the warm-up thread. It must not change
 * data, and it may take as long as it likes: readiness turns UP after sprintrr.warmup.max-duration anyway.
 */
public interface WarmUpStep {

    /** Short name for the log line. */
    String name();

    /** Runs once; returns a short summary for the log line at the end. */
    String run() throws Exception;

    /** A built-in step. */
    @FunctionalInterface
    interface Action {
        String run() throws Exception;
    }
}
