package com.sprintrr.keys.changes;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.platform.warmup.WarmUpStep;

/**
 * Start-up warm-up: connects the byok-changes producer and fetches the topic's metadata, so the
 * first change after a restart does not spend part of its publish timeout on that.
 */
@ApplicationScoped
class ChangesWarmUp implements WarmUpStep {

    private final ChangePublisher publisher;

    ChangesWarmUp(ChangePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public String name() {
        return "byok-changes producer";
    }

    @Override
    public String run() {
        return publisher.partitions() + " partitions";
    }
}
