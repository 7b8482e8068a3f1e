package com.sprintrr.credits.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Plans, prices and timings of the credit ledger. */
@ConfigMapping(prefix = "sprintrr.credits")
public interface CreditsConfig {

    /** Monthly credits per plan ({@code sprintrr.credits.plans.<plan>}); defaults in application.properties. */
    Map<String, Long> plans();

    /** The plan a new account starts on. */
    @WithDefault("free-trial")
    String defaultPlan();

    /** Credits one generation on the credits path costs, per mode. */
    Cost cost();

    /** How long a hold waits for its generation-completed event before the sweeper releases it. */
    @WithDefault("15m")
    Duration holdTtl();

    /**
     * Most holds of one account one transaction places (group commit: calls that arrive while one
     * runs wait for the next); 1 places each call in a transaction of its own.
     */
    @WithDefault("64")
    int holdBatchSize();

    /** The job that releases expired holds. */
    Sweeper sweeper();

    /** The job that starts accounts' new monthly periods. */
    Renewal renewal();

    /** The generation-completed consumer. */
    Consumer consumer();

    /** Credits per mode. */
    interface Cost {

        /** Credits a quality generation costs. */
        @WithDefault("2")
        long quality();

        /** Credits a speed generation costs. */
        @WithDefault("1")
        long speed();
    }

    /** Expired-hold sweeper. */
    interface Sweeper {

        /** How often the sweeper runs (scheduler syntax, e.g. 30s). */
        @WithDefault("30s")
        String interval();

        /** Accounts whose expired holds are released per transaction. */
        @WithDefault("200")
        int batchSize();
    }

    /** Monthly renewal. */
    interface Renewal {

        /** How often due accounts are looked for (scheduler syntax, e.g. 10m). */
        @WithDefault("10m")
        String interval();

        /** Accounts renewed per transaction. */
        @WithDefault("200")
        int batchSize();
    }

    /** Consumer retries. */
    interface Consumer {

        /** First pause before a batch the database refused for a passing reason is tried again; it doubles up to max-backoff. */
        @WithDefault("100ms")
        Duration retryBackoff();

        /** Longest pause between two tries of the same batch. */
        @WithDefault("30s")
        Duration maxBackoff();
    }
}
