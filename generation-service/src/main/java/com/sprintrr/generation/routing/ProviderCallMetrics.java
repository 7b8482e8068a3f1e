package com.sprintrr.generation.routing;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.providers.ProviderException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Duration and outcome of every provider call attempt ({@code sprintrr_provider_call_seconds}, tags
 * provider, model, source, outcome and status_class). Models are the curated catalog's, so the tags
 * stay bounded; no key, prompt or provider message is ever a tag.
 */
@ApplicationScoped
public class ProviderCallMetrics {

    static final String NAME = "sprintrr.provider.call";

    private final MeterRegistry meters;
    /**
     * The timers by their tags: building one (tags sorted, id hashed, registry and filters
     * consulted) cost more than recording, on every call. Bounded like the tags themselves.
     */
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    /** A timer's tags. */
    private record Key(String provider, String model, String source, String outcome, String statusClass) {
    }

    @Inject
    ProviderCallMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs one attempt of a provider call and records how long it took and how it ended. */
    public <T> T timed(Route route, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        String statusClass = "2xx";
        try {
            return call.get();
        } catch (ProviderException e) {
            outcome = e.kind().name().toLowerCase(Locale.ROOT);
            statusClass = statusClass(e.httpStatus());
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            statusClass = "none";
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            timers.computeIfAbsent(new Key(route.provider().id(), route.model(), route.source().id(), outcome,
                    statusClass), this::timer).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(Key key) {
        return Timer.builder(NAME)
                .description("one provider call attempt, by provider, model, source, outcome and HTTP status class")
                .tag("provider", key.provider())
                .tag("model", key.model())
                .tag("source", key.source())
                .tag("outcome", key.outcome())
                .tag("status_class", key.statusClass())
                .register(meters);
    }

    /** 2xx..5xx, or none when no response came (connection refused, timeout). */
    static String statusClass(int httpStatus) {
        return httpStatus >= 100 && httpStatus < 600 ? (httpStatus / 100) + "xx" : "none";
    }
}
