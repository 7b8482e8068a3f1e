package com.sprintrr.keys.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Behaviour of key handling under {@code sprintrr.keys}. */
@ConfigMapping(prefix = "sprintrr.keys")
public interface KeysConfig {

    /** How many live key validations one account may start per window (stops bulk testing of stolen keys). */
    RateLimit validationRateLimit();

    /** Re-encryption of stored keys to the primary master key. */
    Reencrypt reencrypt();

    /** The byok-changes records that tell generation-service's credential caches an account changed. */
    Changes changes();

    /** A sliding allowance: {@code attempts} validations per {@code window}, bursts up to {@code attempts}. */
    interface RateLimit {

        /** Validations allowed per window. */
        @WithDefault("10")
        int attempts();

        /** Length of the window. */
        @WithDefault("1m")
        Duration window();
    }

    /** The scheduled re-encryption job (off by default; the internal endpoint does the same on demand). */
    interface Reencrypt {

        /** How often the job runs, e.g. {@code 1h}; {@code off} disables it. */
        @WithDefault("off")
        String every();

        /** Rows re-encrypted per transaction by the job. */
        @WithDefault("100")
        int batchSize();
    }

    /** Publishing an account's new state version before its change commits. */
    interface Changes {

        /**
         * How long a change waits for Kafka to acknowledge its record (metadata, send and acks=all
         * together); after that it is rolled back and answered 503 {@code byok_changes_unavailable}.
         */
        @WithDefault("2s")
        Duration publishTimeout();

        /** Brokers to publish to; unset: {@code kafka.bootstrap.servers}, the service's Kafka. */
        Optional<String> bootstrapServers();
    }
}
