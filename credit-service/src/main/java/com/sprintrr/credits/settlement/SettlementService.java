package com.sprintrr.credits.settlement;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.sprintrr.platform.db.Sql;

import io.micrometer.core.instrument.MeterRegistry;

/** Settles a batch of events in one database transaction and counts what happened. */
@ApplicationScoped
public class SettlementService {

    private final Sql sql;
    private final BatchSettlement settlement;
    private final MeterRegistry metrics;

    @Inject
    SettlementService(Sql sql, BatchSettlement settlement, MeterRegistry metrics) {
        this.sql = sql;
        this.settlement = settlement;
        this.metrics = metrics;
    }

    /**
     * Returns once the batch's effects (and its dedupe records) are committed, or throws having changed
     * nothing. The consumer hands over only credits events; byok ones go to {@link #skipByok}.
     */
    @Transactional
    public BatchSettlement.Result settle(List<GenerationCompleted> events) {
        BatchSettlement.Result result = sql.run("settle a batch of events", c -> settlement.apply(c, events));
        result.counts().forEach((outcome, n) ->
                metrics.counter("sprintrr.credits.settled.events", "outcome", outcome.tag()).increment(n));
        if (result.uncollectableCredits() > 0) {
            metrics.counter("sprintrr.credits.uncollectable.credits").increment(result.uncollectableCredits());
        }
        return result;
    }

    /**
     * Byok events, which never touch credits: counted (outcome byok), nothing else. No transaction and
     * no dedupe record: a redelivered byok event changes nothing either way, and the soak's "BYOK never
     * touches credits" check reads the ledger and holds, not dedupe rows.
     */
    public void skipByok(int events) {
        if (events > 0) {
            metrics.counter("sprintrr.credits.settled.events", "outcome", Outcome.BYOK.tag()).increment(events);
        }
    }
}
