package com.sprintrr.credits.renewal;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.credits.config.CreditsConfig;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/** Renews due accounts on a schedule, a batch per transaction, until none is due. */
@ApplicationScoped
public class RenewalJob {

    private final RenewalService renewals;
    private final CreditsConfig config;

    @Inject
    RenewalJob(RenewalService renewals, CreditsConfig config) {
        this.renewals = renewals;
        this.config = config;
    }

    @Scheduled(identity = "monthly-renewal", every = "${sprintrr.credits.renewal.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        Instant now = Instant.now();
        int batch = config.renewal().batchSize();
        int renewed = 0;
        int last;
        do {
            last = renewals.renewDue(now, batch);
            renewed += last;
        } while (last == batch);
        if (renewed > 0) {
            Log.infof("Renewed %d accounts", renewed);
        }
    }
}
