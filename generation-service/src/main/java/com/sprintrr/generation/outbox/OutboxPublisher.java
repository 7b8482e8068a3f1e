package com.sprintrr.generation.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.sprintrr.generation.config.GenerationConfig;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/** One relay pass: publish the oldest unpublished rows in id order and mark the acknowledged ones. */
@ApplicationScoped
class OutboxPublisher {

    /** What a pass did; failed means Kafka did not acknowledge everything and the rest waits. */
    record Pass(int published, boolean failed, boolean full) {
    }

    private final OutboxRepository outbox;
    private final GenerationConfig config;

    @Inject
    OutboxPublisher(OutboxRepository outbox, GenerationConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Sends a batch and waits for every acknowledgement (acks=all). Rows after the first
     * unacknowledged one stay unpublished, so a retry resends them in order; the idempotent
     * producer keeps one account's records (one partition) in order within the batch.
     */
    @Transactional
    @TransactionConfiguration(timeout = 120)
    Pass publishBatch(Producer<String, String> producer) throws InterruptedException {
        if (!outbox.tryRelayLock()) {
            return new Pass(0, false, false);
        }
        int batchSize = config.outbox().batchSize();
        List<OutboxRepository.Row> rows = outbox.unpublished(batchSize);
        if (rows.isEmpty()) {
            return new Pass(0, false, false);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        boolean failed = false;
        for (OutboxRepository.Row row : rows) {
            try {
                acks.add(producer.send(new ProducerRecord<>(row.topic(), row.accountId(), row.payload())));
            } catch (RuntimeException e) {
                // Metadata unavailable within max.block.ms, producer closed, ...: stop here.
                failed = true;
                break;
            }
        }
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        List<Long> published = new ArrayList<>(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(rows.get(i).id());
            } catch (ExecutionException | TimeoutException e) {
                failed = true;
                break;
            }
        }
        outbox.markPublished(published);
        return new Pass(published.size(), failed, !failed && rows.size() == batchSize);
    }
}
