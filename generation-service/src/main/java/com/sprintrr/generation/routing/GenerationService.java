package com.sprintrr.generation.routing;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.credits.CreditGateway;
import com.sprintrr.generation.credits.Hold;
import com.sprintrr.generation.outbox.OutboxRelay;
import com.sprintrr.generation.persistence.Generation;
import com.sprintrr.generation.persistence.GenerationRepository;
import com.sprintrr.generation.persistence.IdempotencyRepository;
import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.providers.Completion;
import com.sprintrr.providers.Prompt;
import com.sprintrr.providers.ProviderException;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Runs one generation end to end: idempotency, routing, the hold (credits only), the provider
 * call and the record. Once a route is chosen and (credits) the hold granted, every outcome is
 * recorded with its event, succeeded or failed, so a hold is always settled by an event.
 * Failures before that point record nothing, charge nothing and free the Idempotency-Key.
 */
@ApplicationScoped
public class GenerationService {

    /** The result of a generation call; replayed when an Idempotency-Key matched an earlier one. */
    public record Outcome(Generation generation, boolean replayed) {
    }

    private final RouteResolver routes;
    private final CreditGateway credits;
    private final ProviderCalls providers;
    private final GenerationRecorder recorder;
    private final GenerationRepository generations;
    private final IdempotencyRepository idempotency;
    private final OutboxRelay relay;
    private final GenerationConfig config;
    private final StepTimers timers;

    @Inject
    GenerationService(RouteResolver routes, CreditGateway credits, ProviderCalls providers, GenerationRecorder recorder,
            GenerationRepository generations, IdempotencyRepository idempotency, OutboxRelay relay,
            GenerationConfig config, MeterRegistry meters) {
        this.routes = routes;
        this.credits = credits;
        this.providers = providers;
        this.recorder = recorder;
        this.generations = generations;
        this.idempotency = idempotency;
        this.relay = relay;
        this.config = config;
        this.timers = new StepTimers(meters);
    }

    /**
     * Generates for the account. onDelta is null for a plain call; for a stream it receives each
     * text piece on this thread and must not throw. Failures are ProblemExceptions.
     */
    public Outcome generate(String accountId, GenerationRequest request, String idempotencyKey,
            Consumer<String> onDelta) {
        UUID id = UUID.randomUUID();
        if (idempotencyKey != null) {
            IdempotencyRepository.Claim claim = idempotency.claim(accountId, idempotencyKey, request.hash(), id,
                    config.idempotency().inFlightTimeout());
            if (!claim.won()) {
                return replay(claim, request);
            }
        }
        boolean recorded = false;
        try {
            long t0 = System.nanoTime();
            Route route = routes.resolve(accountId, request);
            long t1 = System.nanoTime();
            timers.route(route.source(), t1 - t0);
            long charged = 0;
            if (route.source() == Source.CREDITS) {
                Hold hold = credits.hold(accountId, id, route.mode());
                charged = hold.amount();
                timers.hold(System.nanoTime() - t1);
            }
            Instant createdAt = Instant.now();
            Prompt prompt = new Prompt(request.system(), request.prompt(), request.maxTokens());
            Completion completion;
            long t2 = System.nanoTime();
            try {
                completion = onDelta == null ? providers.generate(route, prompt) : providers.stream(route, prompt, onDelta);
            } catch (ProviderException | CircuitBreakerOpenException e) {
                ProblemException problem = ProviderFailures.problem(route, e, config.resilience().circuitDelay())
                        .with("generationId", id.toString());
                Log.debugf("Generation %s failed: %s", id, problem.code());
                record(failed(id, accountId, route, request, problem, createdAt));
                recorded = true;
                throw problem;
            }
            long t3 = System.nanoTime();
            timers.provider(route.source(), t3 - t2);
            Generation generation = succeeded(id, accountId, route, request, completion, charged, createdAt);
            record(generation);
            recorded = true;
            timers.record(route.source(), System.nanoTime() - t3);
            return new Outcome(generation, false);
        } finally {
            if (!recorded && idempotencyKey != null) {
                releaseQuietly(accountId, idempotencyKey, id);
            }
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
        Generation first = generations.find(claim.generationId())
                .orElseThrow(GenerationProblems::idempotencyKeyInUse);
        if (!first.succeeded()) {
            throw GenerationProblems.replayed(first.errorStatus() == null ? 502 : first.errorStatus(), first.errorCode())
                    .with("generationId", first.id().toString());
        }
        return new Outcome(first, true);
    }

    /** A failed release must not hide the failure that caused it; the claim then expires as abandoned. */
    private void releaseQuietly(String accountId, String idempotencyKey, UUID id) {
        try {
            idempotency.release(accountId, idempotencyKey, id);
        } catch (RuntimeException e) {
            Log.warnf("Could not release idempotency key of generation %s; it is taken over after the in-flight timeout", id);
        }
    }

    private void record(Generation generation) {
        recorder.record(generation);
        relay.wakeUp();
    }

    private Generation succeeded(UUID id, String accountId, Route route, GenerationRequest request,
            Completion completion, long charged, Instant createdAt) {
        return new Generation(id, accountId, route.source().id(), route.provider().id(), route.model(), modeOf(route),
                Generation.SUCCEEDED, completion.text(), storedPrompt(request), completion.usage().inputTokens(),
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
        return prompt.length() <= max ? prompt : prompt.substring(0, max);
    }
}
