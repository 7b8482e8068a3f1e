package com.sprintrr.generation.routing;

import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.providers.CallDeadline;
import com.sprintrr.providers.Completion;
import com.sprintrr.providers.Prompt;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderClient;
import com.sprintrr.providers.ProviderException;
import com.sprintrr.providers.ProviderTarget;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Provider calls with retries with exponential backoff, and a circuit breaker per provider for
 * the credits path only. Only failures that are safe to repeat are retried: the provider was
 * unavailable (5xx, 529, broken connection) and, for a stream, no delta had reached the client
 * yet. Timeouts are not retried (the wait is already long), nor are 429s (the client gets the
 * provider's retry hint).
 *
 * <p>Why BYOK calls pass no breaker: a user's own key and chosen model fail for reasons of their
 * own (a key's quota, a model the key may not use, an account-level outage), so their failures
 * say nothing dependable about the provider for anyone else, and a shared breaker would let one
 * account shut the provider off for every BYOK user and the credits path. A breaker per account
 * would need a window of calls one user rarely makes before it could open, so it would protect
 * little; each BYOK call is already bounded by the request and stream timeouts and the retries'
 * maximum duration. BYOK calls therefore keep the retries and share no state at all, and the
 * credits path's breakers (platform keys, platform models) count only credits calls. Only
 * unavailability and timeouts count against a breaker.
 */
@ApplicationScoped
public class ProviderCalls {

    private final ProviderClient client;
    private final GenerationConfig.Resilience resilience;
    private final ProviderCallMetrics metrics;
    private final Map<Provider, Guard> platformGuards = new EnumMap<>(Provider.class);
    private final Map<Provider, Guard> byokGuards = new EnumMap<>(Provider.class);

    @Inject
    ProviderCalls(ProviderClient client, GenerationConfig config, ProviderCallMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        this.resilience = config.resilience();
        for (Provider provider : Provider.values()) {
            platformGuards.put(provider, guard(provider, true));
            byokGuards.put(provider, guard(provider, false));
        }
    }

    /** One plain generation on the route's provider, key and model. */
    public Completion generate(Route route, Prompt prompt) {
        ProviderTarget target = route.target();
        return guardOf(route).get(() -> metrics.timed(route,
                () -> client.generate(target.provider(), target.apiKey().reveal(), target.model(), prompt)),
                Completion.class);
    }

    /**
     * One streamed generation; deltas go to onDelta (which must not throw) on the calling thread.
     * The whole stream is bounded by {@code sprintrr.generation.resilience.stream-timeout}.
     */
    public Completion stream(Route route, Prompt prompt, Consumer<String> onDelta) {
        return guardOf(route).get(() -> boundedStream(route, prompt, onDelta), Completion.class);
    }

    private Completion boundedStream(Route route, Prompt prompt, Consumer<String> onDelta) {
        try (CallDeadline deadline = CallDeadline.start(resilience.streamTimeout())) {
            try {
                ProviderTarget target = route.target();
                return metrics.timed(route,
                        () -> client.stream(target.provider(), target.apiKey().reveal(), target.model(), prompt, onDelta));
            } catch (ProviderException e) {
                if (deadline.expired()) {
                    throw new ProviderException(route.provider(), ProviderException.Kind.TIMEOUT, 0, null,
                            e.afterFirstDelta(), "The stream did not finish within the stream timeout.");
                }
                throw e;
            }
        }
    }

    /** The credits path's per-provider breaker, or the BYOK path's retries, which share no state between accounts. */
    private Guard guardOf(Route route) {
        return (route.source() == Source.CREDITS ? platformGuards : byokGuards).get(route.provider());
    }

    private Guard guard(Provider provider, boolean withBreaker) {
        Predicate<Throwable> retryable = e -> e instanceof ProviderException
                && ((ProviderException) e).kind() == ProviderException.Kind.UNAVAILABLE
                && !((ProviderException) e).afterFirstDelta();
        Predicate<Throwable> unhealthy = e -> e instanceof ProviderException
                && (((ProviderException) e).kind() == ProviderException.Kind.UNAVAILABLE
                        || ((ProviderException) e).kind() == ProviderException.Kind.TIMEOUT);
        long maxDurationMillis = resilience.streamTimeout().toMillis() * (resilience.maxRetries() + 1L);
        String name = withBreaker ? "provider-" + provider.id() : "byok-" + provider.id();
        var builder = Guard.create()
                .withDescription(name)
                .withRetry()
                    .maxRetries(resilience.maxRetries())
                    .delay(resilience.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(resilience.retryJitter().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(maxDurationMillis, ChronoUnit.MILLIS)
                    .whenException(retryable)
                    .beforeRetry(e -> Log.debugf("Retrying %s after %s", provider.id(), e.getMessage()))
                    .withExponentialBackoff()
                        .factor(2)
                        .maxDelay(resilience.retryMaxDelay().toMillis(), ChronoUnit.MILLIS)
                        .done()
                    .done();
        if (!withBreaker) {
            return builder.build();
        }
        return builder
                .withCircuitBreaker()
                    .name("provider-" + provider.id())
                    .requestVolumeThreshold(resilience.circuitRequestVolume())
                    .failureRatio(resilience.circuitFailureRatio())
                    .delay(resilience.circuitDelay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(resilience.circuitSuccessThreshold())
                    .when(unhealthy)
                    .onStateChange(state -> Log.infof("Circuit breaker of %s is now %s", provider.id(), state))
                    .done()
                .build();
    }
}
