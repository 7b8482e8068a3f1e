package com.sprintrr.credits.metrics;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.sprintrr.platform.db.Sql;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Open holds and the credits they reserve ({@code sprintrr_credits_holds_open},
 * {@code sprintrr_credits_held_credits}), from one query over the open-holds index on a schedule
 * ({@code sprintrr.metrics.holds-every}, 30s), never per scrape. Every replica reports the same
 * totals: dashboards take max(), not sum().
 */
@ApplicationScoped
public class HoldGauges {

    private final AtomicLong open = new AtomicLong();
    private final AtomicLong held = new AtomicLong();

    private final Sql sql;
    private final MeterRegistry meters;

    @Inject
    HoldGauges(Sql sql, MeterRegistry meters) {
        this.sql = sql;
        this.meters = meters;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder("sprintrr.credits.holds.open", open, AtomicLong::get)
                .description("holds placed and not yet captured, released or expired (all accounts)")
                .register(meters);
        Gauge.builder("sprintrr.credits.held.credits", held, AtomicLong::get)
                .description("credits reserved by open holds (all accounts)")
                .register(meters);
    }

    /** What the gauges show: how many holds are open and the credits they reserve. */
    private record OpenHolds(long count, long credits) {
    }

    @Scheduled(identity = "hold-gauges", every = "${sprintrr.metrics.holds-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            OpenHolds totals = sql.first("count open holds",
                    "SELECT count(*), coalesce(sum(amount), 0) FROM holds WHERE status = 'held'", Sql.NO_PARAMETERS,
                    row -> new OpenHolds(row.getLong(1), row.getLong(2))).orElseThrow();
            open.set(totals.count());
            held.set(totals.credits());
        } catch (RuntimeException e) {
            // The last values stay; a database outage is reported by the readiness check.
            Log.debugf("Hold gauges not refreshed: %s", e.getMessage());
        }
    }
}
