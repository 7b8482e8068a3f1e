package com.sprintrr.generation.routing;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.persistence.InFlightRepository;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * This instance's side of the in-flight journal: its owner id, the generations it is running and
 * the renewal of their leases, and whether it still admits new generations (not while shutting
 * down). A generation stops being renewed when its request ends, recorded or not, so a row left
 * behind expires and is recovered.
 */
@ApplicationScoped
public class InFlightLeases {

    private final InFlightRepository journal;
    private final Duration lease;
    /** Random per process start: a restarted instance never renews its predecessor's rows. */
    private final String owner = "gen-" + UUID.randomUUID();
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private volatile boolean admitting = true;

    @Inject
    InFlightLeases(InFlightRepository journal, GenerationConfig config) {
        this.journal = journal;
        this.lease = config.inFlight().lease();
    }

    public String owner() {
        return owner;
    }

    public Duration lease() {
        return lease;
    }

    /** 503 service_shutting_down once shutdown began: nothing new starts here. */
    public void admit() {
        if (!admitting) {
            throw GenerationProblems.serviceShuttingDown();
        }
    }

    /** Renew this generation's lease from now until {@link #untrack}. */
    public void track(UUID generationId) {
        running.add(generationId);
    }

    public void untrack(UUID generationId) {
        running.remove(generationId);
    }

    /** Whether this generation is still being worked on here (its lease renewed). */
    public boolean tracking(UUID generationId) {
        return running.contains(generationId);
    }

    @Scheduled(every = "${sprintrr.generation.in-flight.renew-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renew() {
        if (running.isEmpty()) {
            return;
        }
        try {
            journal.renew(owner, Set.copyOf(running), lease);
        } catch (RuntimeException e) {
            // The next tick tries again; the lease is several ticks long.
            Log.warnf("Could not renew the leases of %d in-flight generations: %s", running.size(), e.getMessage());
        }
    }

    /** Stops admitting and waits up to wait for the running generations to end; true if they all did. */
    boolean stopAndAwaitIdle(Duration wait) {
        admitting = false;
        long deadline = System.nanoTime() + wait.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return running.isEmpty();
    }
}
