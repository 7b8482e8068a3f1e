package com.sprintrr.generation.routing;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.outbox.GenerationOutbox;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.persistence.InFlightRepository;
import com.sprintrr.platform.problem.ProblemException;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Ends the generations nobody will finish: rows of the in-flight journal whose lease expired (an
 * instance crashed, or gave up recording) and, on shutdown, this instance's own unfinished rows.
 * Each is recorded as failed {@code generation_interrupted} with its event (which releases a
 * credits hold) and its Idempotency-Key is freed; a row without a route charged and called nothing
 * and is only deleted. Safe on several instances at once: the recording statement deletes the
 * row and records only if it found it, so each generation gets exactly one outcome.
 */
@ApplicationScoped
public class InterruptedGenerations {

    private final InFlightRepository journal;
    private final GenerationOutbox outbox;
    private final InFlightLeases leases;
    private final GenerationConfig.InFlight config;

    @Inject
    InterruptedGenerations(InFlightRepository journal, GenerationOutbox outbox, InFlightLeases leases,
            GenerationConfig config) {
        this.journal = journal;
        this.outbox = outbox;
        this.leases = leases;
        this.config = config.inFlight();
    }

    @Scheduled(every = "${sprintrr.generation.in-flight.recover-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recoverExpired() {
        List<InFlightRepository.Row> rows = journal.expired(config.recoverBatchSize());
        int recovered = 0;
        for (InFlightRepository.Row row : rows) {
            if (leases.tracking(row.generationId())) {
                // Ours and still running: its renewal was late (a stall). The row is recovered only if
                // the lease stays expired; the request then loses the race and answers 503.
                continue;
            }
            recovered += end(row, true) ? 1 : 0;
        }
        if (recovered > 0) {
            Log.infof("Recorded %d generations of expired leases as interrupted", recovered);
        }
    }

    /**
     * After Quarkus has waited for running requests (quarkus.shutdown.timeout), gives the rest
     * in-flight.drain-timeout more, then records what is left as interrupted, so the holds are
     * released by their events instead of waiting for another instance's recovery.
     */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        drain();
    }

    /** Stops admitting, waits for running generations, records the remaining as interrupted. */
    void drain() {
        boolean idle = leases.stopAndAwaitIdle(config.drainTimeout());
        try {
            List<InFlightRepository.Row> rows = journal.ownedBy(leases.owner());
            int ended = 0;
            for (InFlightRepository.Row row : rows) {
                ended += end(row, false) ? 1 : 0;
            }
            if (!idle || ended > 0) {
                Log.warnf("Shutting down: recorded %d unfinished generations as interrupted", ended);
            }
        } catch (RuntimeException e) {
            Log.warnf("Shutting down: could not record unfinished generations (%s); another instance recovers them"
                    + " when their leases expire", e.getMessage());
        }
    }

    /** Records one row as interrupted (or deletes it when it had no route); true if this call ended it. */
    private boolean end(InFlightRepository.Row row, boolean onlyIfExpired) {
        try {
            if (!row.routed()) {
                if (onlyIfExpired) {
                    journal.abandonIfExpired(row.generationId());
                } else {
                    journal.abandon(row.generationId());
                }
                return false;
            }
            return outbox.record(interrupted(row), onlyIfExpired);
        } catch (RuntimeException e) {
            Log.warnf("Could not record interrupted generation %s: %s", row.generationId(), e.getMessage());
            return false;
        }
    }

    private static Generation interrupted(InFlightRepository.Row row) {
        ProblemException problem = GenerationProblems.generationInterrupted();
        return new Generation(row.generationId(), row.accountId(), row.source(), row.provider(), row.model(),
                row.mode(), Generation.FAILED, null, null, 0, 0, 0, problem.code(), problem.status(), row.createdAt(),
                Instant.now(), null);
    }
}
