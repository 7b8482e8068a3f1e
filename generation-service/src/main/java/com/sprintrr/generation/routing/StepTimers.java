package com.sprintrr.generation.routing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sprintrr.generation.domain.Source;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Time spent in each step of a generation ({@code sprintrr_generation_step_seconds}, tags step and
 * source), so the latency the service adds can be told apart from the provider's own.
 */
final class StepTimers {

    private final Map<Source, Timer> route = new EnumMap<>(Source.class);
    private final Map<Source, Timer> provider = new EnumMap<>(Source.class);
    private final Map<Source, Timer> record = new EnumMap<>(Source.class);
    private final Map<Source, Timer> journal = new EnumMap<>(Source.class);
    private final Timer hold;

    StepTimers(MeterRegistry meters) {
        for (Source source : Source.values()) {
            route.put(source, timer(meters, "route", source));
            provider.put(source, timer(meters, "provider", source));
            record.put(source, timer(meters, "record", source));
            journal.put(source, timer(meters, "journal", source));
        }
        hold = timer(meters, "hold", Source.CREDITS);
    }

    void route(Source source, long nanos) {
        route.get(source).record(nanos, TimeUnit.NANOSECONDS);
    }

    void journal(Source source, long nanos) {
        journal.get(source).record(nanos, TimeUnit.NANOSECONDS);
    }

    void hold(long nanos) {
        hold.record(nanos, TimeUnit.NANOSECONDS);
    }

    void provider(Source source, long nanos) {
        provider.get(source).record(nanos, TimeUnit.NANOSECONDS);
    }

    void record(Source source, long nanos) {
        record.get(source).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer timer(MeterRegistry meters, String step, Source source) {
        return Timer.builder("sprintrr.generation.step")
                .description("time spent in one step of a generation (route = key-service or platform key, "
                        + "journal = the in_flight row's route, hold = credit-service, provider = the provider call, "
                        + "record = the outbox transaction)")
                .tag("step", step).tag("source", source.id())
                .register(meters);
    }
}
