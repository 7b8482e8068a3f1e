package com.sprintrr.keys.rotation;


import com.sprintrr.keys.config.KeysConfig;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Optional background re-encryption ({@code sprintrr.keys.reencrypt.every}, off by default):
 * batches until no row is left under an older master key or a batch moves nothing.
 */
public class KeyRotationJob {

    private final KeyRotation rotation;
    private final KeysConfig config;

    KeyRotationJob(KeyRotation rotation, KeysConfig config) {
        this.rotation = rotation;
        this.config = config;
    }

    @Scheduled(identity = "key-reencryption", every = "${sprintrr.keys.reencrypt.every:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int batchSize = Math.max(1, Math.min(KeyRotation.MAX_BATCH, config.reencrypt().batchSize()));
        long total = 0;
        ReencryptionResult result;
        do {
            result = rotation.reencryptBatch(batchSize);
            total += result.reencrypted();
        } while (result.reencrypted() > 0 && result.remaining() > 0);
        if (total > 0 || result.remaining() > 0 || result.unreadable() > 0) {
            Log.infof("Scheduled re-encryption moved %d keys; %d remain to move, %d cannot be moved (unreadable)",
                    total, result.remaining(), result.unreadable());
        }
    }
}
