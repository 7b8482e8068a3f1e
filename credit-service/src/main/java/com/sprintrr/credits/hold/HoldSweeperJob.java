package com.sprintrr.credits.hold;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.credits.config.CreditsConfig;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/** Runs the sweeper on a schedule until no expired hold is left for this run. */
@ApplicationScoped
public class HoldSweeperJob {

    private final HoldSweeper sweeper;
    private final CreditsConfig config;

    @Inject
    HoldSweeperJob(HoldSweeper sweeper, CreditsConfig config) {
        this.sweeper = sweeper;
        this.config = config;
    }

    @Scheduled(identity = "hold-sweeper", every = "${sprintrr.credits.sweeper.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        Instant now = Instant.now();
        int released = 0;
        HoldSweeper.Sweep sweep;
        do {
            sweep = sweeper.sweepOnce(now, config.sweeper().batchSize());
            released += sweep.released();
        } while (sweep.more());
        if (released > 0) {
            Log.infof("Released %d expired holds", released);
        }
    }
}
