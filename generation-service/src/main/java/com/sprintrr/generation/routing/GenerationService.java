package com.sprintrr.generation.routing;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.credits.CreditGateway;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.outbox.GenerationOutbox;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.persistence.GenerationRepository;
import com.sprintrr.generation.persistence.IdempotencyRepository;
import com.sprintrr.generation.persistence.InFlightRepository;
import com.sprintrr.platform.db.DatabaseUnavailable;
import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.providers.Completion;
import com.sprintrr.providers.Prompt;
import com.sprintrr.providers.ProviderException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Runs one generation end to end: admission, idempotency, routing, the hold (credits only), the
 * provider call and the record. Before anything may be charged or called, the generation is
 * journaled in flight (route facts, lease); from then on it ends with exactly one recorded outcome
 * and its event, succeeded or failed, whoever records it: this request, or the recovery of its
 * expired lease if this instance dies or cannot record (see InterruptedGenerations). A credits hold
 * is therefore always settled by an event. Failures before that point record nothing, charge
 * nothing and free the Idempotency-Key.
 */
@ApplicationScoped
public class GenerationService {

    /** The result of a generation call; replayed when an Idempotency-Key matched an earlier one. */
    public record Outcome(Generation generation, boolean replayed) {
    }

    private final RouteResolver routes;
    private final CreditGateway credits;
    private final ProviderCalls providers;
    private final GenerationOutbox outbox;
    private final GenerationRepository generations;
    private final IdempotencyRepository idempotency;
    private final InFlightRepository journal;
    private final InFlightLeases leases;
    private final GenerationConfig config;
    private final StepTimers timers;

    @Inject
    GenerationService(RouteResolver routes, CreditGateway credits, ProviderCalls providers, GenerationOutbox outbox,
            GenerationRepository generations, IdempotencyRepository idempotency, InFlightRepository journal,
            InFlightLeases leases, GenerationConfig config, MeterRegistry meters) {
        this.routes = routes;
        this.credits = credits;
        this.providers = providers;
        this.outbox = outbox;
        this.generations = generations;
        this.idempotency = idempotency;
        this.journal = journal;
        this.leases = leases;
        this.config = config;
        this.timers = new StepTimers(meters);
    }

    /**
     * Generates for the account. onDelta is null for a plain call; for a stream it receives each
     * text piece on this thread and must not throw. Failures are ProblemExceptions.
     */
    public Outcome generate(String accountId, GenerationRequest request, String idempotencyKey,
            Consumer<String> onDelta) {
        leases.admit();
        UUID id = UUID.randomUUID();
        if (idempotencyKey != null) {
            IdempotencyRepository.Claim claim = idempotency.claim(accountId, idempotencyKey, request.hash(), id,
                    leases.owner(), leases.lease());
            if (!claim.won()) {
                return replay(claim, request);
            }
        }
        leases.track(id);
        try {
            return run(id, accountId, request, idempotencyKey != null, onDelta);
        } finally {
            leases.untrack(id);
        }
    }

    private Outcome run(UUID id, String accountId, GenerationRequest request, boolean claimed,
            Consumer<String> onDelta) {
        long t0 = System.nanoTime();
        Route route;
        long tRoute;
        try {
            route = routes.resolve(accountId, request);
            tRoute = System.nanoTime();
            if (!journal.journal(id, accountId, route.source().id(), route.provider().id(), route.model(),
                    modeOf(route), claimed, leases.owner(), leases.lease())) {
                // Our lease lapsed before anything was charged: the recovery already freed the key.
                throw GenerationProblems.generationInterrupted();
            }
        } catch (RuntimeException e) {
            abandonQuietly(id);
            throw e;
        }
        long t1 = System.nanoTime();
        timers.route(route.source(), tRoute - t0);
        timers.journal(route.source(), t1 - tRoute);
        Instant createdAt = Instant.now();
        try {
            long charged = 0;
            if (route.source() == Source.CREDITS) {
                charged = hold(id, accountId, route, request, createdAt);
                timers.hold(System.nanoTime() - t1);
            }
            Prompt prompt = new Prompt(request.system(), request.prompt(), request.maxTokens());
            Completion completion;
            long t2 = System.nanoTime();
            try {
                completion = onDelta == null ? providers.generate(route, prompt) : providers.stream(route, prompt, onDelta);
            } catch (ProviderException | CircuitBreakerOpenException e) {
                ProblemException problem = ProviderFailures.problem(route, e, config.resilience().circuitDelay());
                Log.debugf("Generation %s failed: %s", id, problem.code());
                throw recordFailure(failed(id, accountId, route, request, problem, createdAt), problem);
            }
            long t3 = System.nanoTime();
            timers.provider(route.source(), t3 - t2);
            Generation generation = succeeded(id, accountId, route, request, completion, charged, createdAt);
            switch (recordWithRetries(generation)) {
                case RECORDED -> {
                }
                case ENDED_ELSEWHERE -> throw GenerationProblems.generationInterrupted().with("generationId", id.toString());
                case UNKNOWN -> throw GenerationProblems.generationOutcomeUnknown(undecidedForAtMostSeconds())
                        .with("generationId", id.toString());
            }
            timers.record(route.source(), System.nanoTime() - t3);
            return new Outcome(generation, false);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException unexpected) {
            // A hold may have been placed: the failed record's event releases it.
            Log.errorf(unexpected, "Generation %s failed unexpectedly", id);
            ProblemException problem = Problems.internalError();
            throw recordFailure(failed(id, accountId, route, request, problem, createdAt), problem);
        }
    }

    /**
     * Places the hold. A refusal (402) placed nothing: the generation is abandoned unrecorded. Any
     * other failure (a timeout, an unreadable answer) may have left a hold behind, so it is recorded
     * as failed and its event releases whatever credit-service holds for this generation id.
     */
    private long hold(UUID id, String accountId, Route route, GenerationRequest request, Instant createdAt) {
        try {
            return credits.hold(accountId, id, route.mode()).amount();
        } catch (ProblemException e) {
            if (GenerationProblems.INSUFFICIENT_CREDITS.equals(e.code())) {
                abandonQuietly(id);
                throw e;
            }
            throw recordFailure(failed(id, accountId, route, request, e, createdAt), e);
        }
    }

    /**
     * The problem to answer for a failed generation, after recording it (or leaving it to the
     * recovery). Whoever records it, a failure charges nothing, so an unconfirmed record is simply
     * "interrupted".
     */
    private ProblemException recordFailure(Generation failed, ProblemException problem) {
        if (recordWithRetries(failed) != Recording.RECORDED) {
            return GenerationProblems.generationInterrupted().with("generationId", failed.id().toString());
        }
        return problem.with("generationId", failed.id().toString());
    }

    /** What became of recording an outcome. */
    private enum Recording {
        /** Stored as we built it, with its event. */
        RECORDED,
        /**
         * Not by us: the recovery or the shutdown recorded it as interrupted first, or every attempt
         * was refused outright (then the recovery does so when the lease expires).
         */
        ENDED_ELSEWHERE,
        /**
         * Every attempt failed and one may still commit (the database stalled after receiving it):
         * the stored outcome will be either ours or the recovery's interrupted failure.
         */
        UNKNOWN
    }

    /**
     * Records the outcome, retrying a failing database with a bounded backoff. When we do not
     * record it, the in_flight row stays (unless an attempt's write lands later), its lease is no
     * longer renewed and the recovery records the generation as interrupted within a lease (nothing
     * captured for an answer the client never got).
     */
    private Recording recordWithRetries(Generation generation) {
        int attempts = Math.max(1, config.inFlight().recordAttempts());
        long backoff = config.inFlight().recordBackoff().toMillis();
        boolean mayHaveLanded = false;
        for (int attempt = 1;; attempt++) {
            try {
                // After a failed attempt the answer is ambiguous: the database may have committed it
                // (a socket bound hit while PostgreSQL stalled) and only the reply was lost. Then the
                // row is gone and this attempt records nothing, so the stored outcome decides.
                boolean ours = outbox.record(generation, false) || attempt > 1 && recordedAsIs(generation);
                return ours ? Recording.RECORDED : Recording.ENDED_ELSEWHERE;
            } catch (RuntimeException e) {
                mayHaveLanded |= DatabaseUnavailable.mayHaveCommitted(e);
                if (attempt >= attempts) {
                    Log.errorf("Could not record generation %s after %d attempts (%s); it is recovered as interrupted"
                            + " when its lease expires%s", generation.id(), attempts, rootMessage(e),
                            mayHaveLanded ? ", unless an attempt the database received still completes" : "");
                    return giveUp(generation, mayHaveLanded);
                }
                Log.warnf("Recording generation %s failed (attempt %d): %s", generation.id(), attempt, rootMessage(e));
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return giveUp(generation, mayHaveLanded);
                }
                backoff *= 2;
            }
        }
    }

    private Recording giveUp(Generation generation, boolean mayHaveLanded) {
        leases.untrack(generation.id());
        return mayHaveLanded ? Recording.UNKNOWN : Recording.ENDED_ELSEWHERE;
    }

    /** The longest an unknown outcome stays undecided once the database answers: a lease, then a recovery pass. */
    private int undecidedForAtMostSeconds() {
        GenerationConfig.InFlight inFlight = config.inFlight();
        return Math.toIntExact(inFlight.lease().plus(inFlight.recoverEvery()).toSeconds());
    }

    /** Whether the stored outcome of this generation is this one (not the recovery's interrupted failure). */
    private boolean recordedAsIs(Generation generation) {
        return generations.find(generation.id())
                .filter(stored -> stored.status().equals(generation.status())
                        && Objects.equals(stored.errorCode(), generation.errorCode()))
                .isPresent();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /** Nothing was charged or called: delete the journal row and free the key; recovery does it on failure. */
    private void abandonQuietly(UUID id) {
        try {
            journal.abandon(id);
        } catch (RuntimeException e) {
            Log.warnf("Could not end generation %s cleanly; its journal row is recovered when its lease expires", id);
        }
    }

    /** The account's own generation; 404 for anyone else's or an unknown id. */
    public Generation find(String accountId, UUID id) {
        return generations.findOwned(accountId, id).orElseThrow(GenerationProblems::generationNotFound);
    }

    private Outcome replay(IdempotencyRepository.Claim claim, GenerationRequest request) {
        if (claim.generationId() == null) {
            throw GenerationProblems.idempotencyKeyInUse();
        }
        if (!claim.requestHash().equals(request.hash())) {
            throw GenerationProblems.idempotencyKeyReused();
        }
        Generation first = generations.find(claim.generationId()).filter(Generation::replayable)
                .orElseThrow(GenerationProblems::idempotencyKeyInUse);
        if (!first.succeeded()) {
            throw GenerationProblems.replayed(first.errorStatus(), first.errorCode())
                    .with("generationId", first.id().toString());
        }
        return new Outcome(first, true);
    }

    private Generation succeeded(UUID id, String accountId, Route route, GenerationRequest request,
            Completion completion, long charged, Instant createdAt) {
        return new Generation(id, accountId, route.source().id(), route.provider().id(), route.model(), modeOf(route),
                Generation.SUCCEEDED, Generation.storable(completion.text()), storedPrompt(request), completion.usage().inputTokens(),
                completion.usage().outputTokens(), charged, null, null, createdAt, Instant.now(), route.keyVersion());
    }

    private Generation failed(UUID id, String accountId, Route route, GenerationRequest request,
            ProblemException problem, Instant createdAt) {
        return new Generation(id, accountId, route.source().id(), route.provider().id(), route.model(), modeOf(route),
                Generation.FAILED, null, storedPrompt(request), 0, 0, 0, problem.code(), problem.status(), createdAt,
                Instant.now(), route.keyVersion());
    }

    private static String modeOf(Route route) {
        return route.mode() == null ? null : route.mode().id();
    }

    private String storedPrompt(GenerationRequest request) {
        if (!config.prompts().store()) {
            return null;
        }
        int max = config.prompts().storeMaxChars();
        String prompt = request.prompt();
        return Generation.storable(prompt.length() <= max ? prompt : prompt.substring(0, max));
    }
}
