package com.sprintrr.generation.routing;

import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.providers.CallDeadline;
import com.sprintrr.providers.Completion;
import com.sprintrr.providers.Prompt;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderClient;
import com.sprintrr.providers.ProviderException;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Provider calls with a circuit breaker per provider and retries with exponential backoff. Only
 * failures that are safe to repeat are retried: the provider was unavailable (5xx, 529, broken
 * connection) and, for a stream, no delta had reached the client yet. Timeouts are not retried
 * (the wait is already long), nor are 429s (the client gets the provider's retry hint).
 * Only unavailability and timeouts count against a breaker: a user's refused key or a rate
 * limited key says nothing about the provider's health.
 */
@ApplicationScoped
public class ProviderCalls {

    private final ProviderClient client;
    private final GenerationConfig.Resilience resilience;
    private final ProviderCallMetrics metrics;
    private final Map<Provider, Guard> guards = new EnumMap<>(Provider.class);

    @Inject
    ProviderCalls(ProviderClient client, GenerationConfig config, ProviderCallMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
        this.resilience = config.resilience();
        for (Provider provider : Provider.values()) {
            guards.put(provider, guard(provider));
        }
    }

    /** One plain generation on the route's provider, key and model. */
    public Completion generate(Route route, Prompt prompt) {
        return guards.get(route.provider()).get(
                () -> metrics.timed(route, () -> client.generate(route.provider(), route.apiKey(), route.model(), prompt)),
                Completion.class);
    }

    /**
     * One streamed generation; deltas go to onDelta (which must not throw) on the calling thread.
     * The whole stream is bounded by {@code sprintrr.generation.resilience.stream-timeout}.
     */
    public Completion stream(Route route, Prompt prompt, Consumer<String> onDelta) {
        return guards.get(route.provider()).get(() -> boundedStream(route, prompt, onDelta), Completion.class);
    }

    private Completion boundedStream(Route route, Prompt prompt, Consumer<String> onDelta) {
        try (CallDeadline deadline = CallDeadline.start(resilience.streamTimeout())) {
            try {
                return metrics.timed(route, () -> client.stream(route.provider(), route.apiKey(), route.model(), prompt, onDelta));
            } catch (ProviderException e) {
                if (deadline.expired()) {
                    throw new ProviderException(route.provider(), ProviderException.Kind.TIMEOUT, 0, null,
                            e.afterFirstDelta(), "The stream did not finish within the stream timeout.");
                }
                throw e;
            }
        }
    }

    private Guard guard(Provider provider) {
        Predicate<Throwable> retryable = e -> e instanceof ProviderException
                && ((ProviderException) e).kind() == ProviderException.Kind.UNAVAILABLE
                && !((ProviderException) e).afterFirstDelta();
        Predicate<Throwable> unhealthy = e -> e instanceof ProviderException
                && (((ProviderException) e).kind() == ProviderException.Kind.UNAVAILABLE
                        || ((ProviderException) e).kind() == ProviderException.Kind.TIMEOUT);
        long maxDurationMillis = resilience.streamTimeout().toMillis() * (resilience.maxRetries() + 1L);
        return Guard.create()
                .withDescription("provider-" + provider.id())
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
                    .done()
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
