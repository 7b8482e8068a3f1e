package com.sprintrr.generation.config;

import java.time.Duration;

import com.sprintrr.generation.domain.Mode;
import com.sprintrr.providers.Provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Everything generation-service decides by configuration, under {@code sprintrr.generation}. */
@ConfigMapping(prefix = "sprintrr.generation")
public interface GenerationConfig {

    /** The provider and model each credits mode runs on. */
    Modes modes();

    /** Bounds of an accepted request. */
    Limits limits();

    /** Whether and how much of the prompt is kept with a generation. */
    Prompts prompts();

    /** Retry and circuit breaking around provider calls. */
    Resilience resilience();

    /** Idempotency-Key handling. */
    Idempotency idempotency();

    /** The in-flight journal: leases, recovery, recording retries and shutdown. */
    InFlight inFlight();

    /** The outbox relay that publishes generation-completed to Kafka. */
    Outbox outbox();

    /** key-service and credit-service, called over their internal APIs. */
    Internal internal();

    /** key-service's credential answers kept in memory, invalidated through Kafka topic byok-changes. */
    Cache credentialCache();

    /**
     * The credential cache (keys.CredentialCache): an entry is used only while the byok-changes
     * consumer has caught up within {@code fence}, so a change of keys or settings is seen by every
     * generation started more than fence + 0.5 s after it returned.
     */
    interface Cache {

        /** Keep answers at all (off: every generation asks key-service, as before the cache). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Longest time since the consumer last proved it had read byok-changes to its end for a
         * cached answer to be used; older, key-service is asked. At most 500ms keeps the 1 s promise.
         */
        @WithDefault("500ms")
        Duration fence();

        /** The consumer's wait for new records between two proofs; must stay well below the fence. */
        @WithDefault("200ms")
        Duration pollWait();

        /** Most accounts held (answers and recent invalidations); beyond it new answers are not kept. */
        @WithDefault("100000")
        int maxEntries();

        /** An answer unused for this long is dropped. */
        @WithDefault("10m")
        Duration idleExpiry();

        /**
         * An answer older than this is asked again however often it is used: a change that publishes
         * nothing (a model retired from key-service's catalog by a deploy) reaches every account
         * within it.
         */
        @WithDefault("5m")
        Duration maxAge();

        /**
         * How long an invalidation's version is remembered, and how long after the consumer takes
         * a new start position answers are not kept: longer than key-service may take between
         * publishing a change and committing it (its publish-timeout is 2s).
         */
        @WithDefault("60s")
        Duration invalidationRetention();
    }

    /** Where the neighbours are and how long a call to them may take. */
    interface Internal {

        /** key-service's base URL. */
        @WithDefault("http://localhost:8081")
        String keyServiceUrl();

        /** credit-service's base URL. */
        @WithDefault("http://localhost:8083")
        String creditServiceUrl();

        /** Longest wait for a connection. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Longest wait for an answer once the request is sent. */
        @WithDefault("3s")
        Duration readTimeout();
    }

    /** The credits modes. */
    interface Modes {

        /** Mode used on the credits path when the request names none: quality or speed (anything else fails start-up). */
        @WithDefault("quality")
        @WithConverter(IdConverter.ModeId.class)
        Mode defaultMode();

        /** The "quality" mode. */
        Target quality();

        /** The "speed" mode. */
        Target speed();
    }

    /** One mode's provider and model. */
    interface Target {

        /** Provider id: anthropic, openai or gemini (anything else fails start-up). */
        @WithConverter(IdConverter.ProviderId.class)
        Provider provider();

        /** Model name sent to the provider. */
        String model();
    }

    /** Request bounds; anything outside is a 400 before any downstream call. */
    interface Limits {

        /** Longest accepted prompt, in characters. */
        @WithDefault("32000")
        int promptMaxChars();

        /** Longest accepted system instruction, in characters. */
        @WithDefault("8000")
        int systemMaxChars();

        /** Smallest accepted maxTokens. */
        @WithDefault("1")
        int maxTokensMin();

        /** Largest accepted maxTokens. */
        @WithDefault("8192")
        int maxTokensMax();

        /** maxTokens when the request sends none. */
        @WithDefault("1024")
        int maxTokensDefault();

        /** Longest accepted Idempotency-Key header. */
        @WithDefault("255")
        int idempotencyKeyMaxChars();
    }

    /** Prompt retention. */
    interface Prompts {

        /** Keep the prompt text with the generation (off by default: prompts are user content). */
        @WithDefault("false")
        boolean store();

        /** At most this many characters of a stored prompt are kept. */
        @WithDefault("4000")
        int storeMaxChars();
    }

    /** Provider-call resilience (per provider). */
    interface Resilience {

        /** Extra attempts after a retryable failure that happened before any delta reached the client. */
        @WithDefault("2")
        int maxRetries();

        /** First backoff delay; doubles per attempt. */
        @WithDefault("200ms")
        Duration retryDelay();

        /** Longest backoff delay. */
        @WithDefault("2s")
        Duration retryMaxDelay();

        /** Random spread added to each backoff delay. */
        @WithDefault("100ms")
        Duration retryJitter();

        /** Calls in the rolling window a circuit breaker looks at. */
        @WithDefault("20")
        int circuitRequestVolume();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double circuitFailureRatio();

        /** How long an open breaker refuses calls before letting a trial call through. */
        @WithDefault("10s")
        Duration circuitDelay();

        /** Trial calls that must succeed to close the breaker again. */
        @WithDefault("2")
        int circuitSuccessThreshold();

        /** Longest a whole streamed generation may take; the stream is cut and recorded as a timeout after it. */
        @WithDefault("300s")
        Duration streamTimeout();
    }

    /** Idempotency keys. */
    interface Idempotency {

        /** Keys older than this are forgotten. */
        @WithDefault("24h")
        Duration retention();
    }

    /** Generations between their first charge or provider call and their recorded outcome. */
    interface InFlight {

        /** How long a generation's lease lasts without renewal; a crashed instance's work is recovered after it. */
        @WithDefault("15s")
        Duration lease();

        /** How often this instance renews the leases of its running generations (the scheduler reads the same key). */
        @WithDefault("5s")
        Duration renewEvery();

        /** How often expired leases are looked for and recorded as interrupted (the scheduler reads the same key). */
        @WithDefault("5s")
        Duration recoverEvery();

        /** Expired rows recovered per pass. */
        @WithDefault("100")
        int recoverBatchSize();

        /** Attempts to record an outcome before leaving it to the recovery (a database blip). */
        @WithDefault("4")
        int recordAttempts();

        /** First pause between recording attempts; doubles per attempt. */
        @WithDefault("100ms")
        Duration recordBackoff();

        /**
         * On shutdown, after Quarkus has waited quarkus.shutdown.timeout for running requests, how
         * much longer generations may take before the rest is recorded as interrupted.
         */
        @WithDefault("2s")
        Duration drainTimeout();
    }

    /** The outbox relay. */
    interface Outbox {

        /** Run the relay in this process (off only for tools that must not publish). */
        @WithDefault("true")
        boolean relayEnabled();

        /** Pause between relay passes when there is nothing to publish or Kafka failed. */
        @WithDefault("1s")
        Duration interval();

        /**
         * After a wake-up, wait this long so one pass carries the generations recorded meanwhile: a
         * pass costs a transaction, three statements and a Kafka round trip whatever it carries.
         */
        @WithDefault("20ms")
        Duration linger();

        /** Rows published per pass. */
        @WithDefault("200")
        int batchSize();

        /** Longest wait for Kafka's acknowledgement of a batch before giving up and retrying later. */
        @WithDefault("15s")
        Duration sendTimeout();

        /** Published rows older than this are deleted. */
        @WithDefault("7d")
        Duration retention();

        /** The wellness check reports DOWN when the oldest unpublished row is older than this. */
        @WithDefault("5m")
        Duration maxHealthyLag();
    }
}
