package com.sprintrr.generation.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/** Forgets Idempotency-Keys after {@code sprintrr.generation.idempotency.retention}. */
@ApplicationScoped
public class IdempotencyRetention {

    private final IdempotencyRepository keys;
    private final GenerationConfig config;

    @Inject
    IdempotencyRetention(IdempotencyRepository keys, GenerationConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Scheduled(every = "${sprintrr.generation.idempotency.prune-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int deleted = keys.deleteOlderThan(config.idempotency().retention());
        if (deleted > 0) {
            Log.debugf("Forgot %d idempotency keys", deleted);
        }
    }
}
