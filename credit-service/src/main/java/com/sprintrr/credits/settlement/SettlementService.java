package com.sprintrr.credits.settlement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;

import com.sprintrr.credits.persistence.DatabaseFailure;

import io.micrometer.core.instrument.MeterRegistry;

/** Settles a batch of events in one database transaction and counts what happened. */
@ApplicationScoped
public class SettlementService {

    @Inject
    DataSource dataSource;
    @Inject
    BatchSettlement settlement;
    @Inject
    MeterRegistry metrics;

    /** Returns once the batch's effects (and its dedupe records) are committed, or throws having changed nothing. */
    @Transactional
    public BatchSettlement.Result settle(List<GenerationCompleted> events) {
        BatchSettlement.Result result;
        try (Connection c = dataSource.getConnection()) {
            result = settlement.apply(c, events);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        result.counts().forEach((outcome, n) ->
                metrics.counter("sprintrr.credits.settled.events", "outcome", outcome.tag()).increment(n));
        if (result.uncollectableCredits() > 0) {
            metrics.counter("sprintrr.credits.uncollectable.credits").increment(result.uncollectableCredits());
        }
        return result;
    }
}
