package com.sprintrr.generation.keys;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.config.GenerationConfig;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads Kafka topic {@code byok-changes} (key-service publishes {@code {"accountId","stateVersion"}}
 * for every change of an account's keys or settings, acknowledged before the change commits) into
 * the {@link CredentialCache}, on one thread of its own, with a plain consumer and no group: every
 * partition assigned, from the end. Each round takes T, asks the end offsets, polls until its
 * position reaches them, applies the records, and only then moves the cache's fence to T; between
 * rounds it waits up to {@code credential-cache.poll-wait} for new records (applied at once). Rounds
 * run only while generations look the cache up; otherwise the partitions are paused (no requests at
 * all) and the first round after the pause catches up before it proves anything. While
 * Kafka or the topic cannot be read no round completes, the fence goes stale within
 * {@code credential-cache.fence}, and every generation asks key-service, as without a cache.
 */
@ApplicationScoped
public class ByokChanges {

    /** The topic key-service publishes its changes to (deploy/kafka/topics.md); key = accountId. */
    public static final String TOPIC = "byok-changes";

    /** Longest wait of any one Kafka call of the loop, and of one round's catching up. */
    private static final Duration CALL_BOUND = Duration.ofSeconds(2);
    /** Between two sweeps of idle entries and two checks of the partition count. */
    private static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The broker answers one request per connection at a time, so a round's ListOffsets waits behind
     * the fetch in flight: the fetch's long poll is kept short, or the round would outlast the fence.
     */
    private static final int FETCH_MAX_WAIT_MS = 50;
    /** After a failure that returned at once (an unknown topic, a broken consumer), before trying again. */
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    /** A record's value; unknown members are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Change(String accountId, Long stateVersion) {
    }

    private final CredentialCache cache;
    private final GenerationConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper json;
    private final Duration pollWait;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;
    private List<TopicPartition> assigned = List.of();
    private boolean failing;
    private boolean topicMissing;

    @Inject
    ByokChanges(CredentialCache cache, GenerationConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper json) {
        this.cache = cache;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.json = json;
        this.pollWait = config.credentialCache().pollWait();
    }

    void start(@Observes StartupEvent event) {
        if (!cache.enabled()) {
            Log.info("Credential cache disabled (sprintrr.generation.credential-cache.enabled=false): "
                    + "every generation asks key-service");
            return;
        }
        if (pollWait.multipliedBy(2).compareTo(config.credentialCache().fence()) > 0) {
            Log.warnf("sprintrr.generation.credential-cache.poll-wait (%d ms) is more than half the fence (%d ms): "
                    + "the fence will often be stale and the cache bypassed", pollWait.toMillis(),
                    config.credentialCache().fence().toMillis());
        }
        running = true;
        thread = new Thread(this::loop, "byok-changes");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        stopping.countDown();
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            // The one thread-safe consumer method: the blocking call in progress returns at once.
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        long nextSweep = System.nanoTime() + SWEEP_EVERY_NANOS;
        try {
            while (running) {
                try {
                    if (consumer == null) {
                        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
                    }
                    if (assigned.isEmpty() && !assign()) {
                        pause();
                        continue;
                    }
                    if (cache.inUse()) {
                        resume();
                        round();
                        apply(consumer.poll(pollWait));
                    } else {
                        // Idle: no fetches, no rounds (the fence goes stale); the next round catches up.
                        idle();
                    }
                    if (System.nanoTime() - nextSweep >= 0) {
                        cache.sweep();
                        checkPartitions();
                        nextSweep = System.nanoTime() + SWEEP_EVERY_NANOS;
                    }
                } catch (WakeupException e) {
                    if (!running) {
                        break;
                    }
                } catch (InterruptException e) {
                    // Only a stopping JVM interrupts this thread.
                    running = false;
                    break;
                } catch (InvalidOffsetException e) {
                    // Records were deleted before they were read, or the topic was recreated: what they said is
                    // lost. A new consumer starts from the end, and its assign() restarts the cache.
                    Log.warnf("byok-changes lost records on %d partition(s); the credential cache starts again from the end",
                            e.partitions().size());
                    cache.restart();
                    closeConsumer();
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    // The call waited its bound already: the broker or the partition leader is unreachable.
                    failing(e);
                } catch (KafkaException e) {
                    failing(e);
                    closeConsumer();
                    pause();
                } catch (RuntimeException e) {
                    if (!failing) {
                        Log.error("The byok-changes consumer failed; starting it again (the credential cache is bypassed meanwhile)", e);
                        failing = true;
                    }
                    cache.restart();
                    closeConsumer();
                    pause();
                }
            }
        } finally {
            closeConsumer();
        }
    }

    /** One round: the end offsets at T, read up to them, then the fence moves to T. */
    private void round() {
        long t = System.nanoTime();
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, CALL_BOUND);
        long deadline = t + CALL_BOUND.toNanos();
        while (!reached(end)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // A backlog (after an outage): the position kept advancing; the fence waits for a later round.
                return;
            }
            apply(consumer.poll(Duration.ofNanos(Math.min(left, pollWait.toNanos()))));
        }
        cache.caughtUp(t);
        if (failing) {
            Log.info("byok-changes is read again: the credential cache is used again");
            failing = false;
        }
    }

    private void resume() {
        if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void idle() {
        if (consumer.paused().isEmpty()) {
            consumer.pause(assigned);
        }
        try {
            stopping.await(pollWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), CALL_BOUND) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            Change change = change(record.value());
            String account = change != null && change.accountId() != null ? change.accountId() : record.key();
            if (change == null || change.stateVersion() == null || account == null) {
                // Which change it was is unknown: the account (or, without one, everything) is treated as changed.
                Log.warnf("Unreadable byok-changes record (partition %d, offset %d): treated as a change of %s",
                        record.partition(), record.offset(), account == null ? "every account" : "its account");
                if (account == null) {
                    cache.restart();
                } else {
                    cache.invalidate(account, Long.MAX_VALUE);
                }
                continue;
            }
            cache.invalidate(account, change.stateVersion());
        }
    }

    private Change change(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, Change.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Assigns every partition from its end; false while the topic does not exist. */
    private boolean assign() {
        List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, CALL_BOUND);
        if (infos == null || infos.isEmpty()) {
            if (!topicMissing) {
                Log.warnf("Kafka topic %s does not exist (deploy/kafka/topics.md): the credential cache is bypassed until it does",
                        TOPIC);
                topicMissing = true;
            }
            return false;
        }
        topicMissing = false;
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(TOPIC, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        fixPositions(partitions);
        cache.restart();
        assigned = partitions;
        Log.infof("Reading %s (%d partitions) from its end for the credential cache", TOPIC, partitions.size());
        return true;
    }

    /** Resolves "the end" now rather than at the first poll, so the cache's restart comes after it. */
    private void fixPositions(List<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            consumer.position(partition, CALL_BOUND);
        }
    }

    /** Partitions added to the topic (seen within the consumer's metadata age) are read from the start of a new position. */
    private void checkPartitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, CALL_BOUND);
        if (infos != null && infos.size() != assigned.size()) {
            Log.infof("%s now has %d partitions: assigning them", TOPIC, infos.size());
            assigned = List.of();
        }
    }

    private void failing(KafkaException e) {
        if (!failing) {
            Log.warnf("byok-changes cannot be read (%s): the credential cache is bypassed until it can",
                    e.getClass().getSimpleName());
            failing = true;
        }
    }

    private void pause() {
        try {
            stopping.await(PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeConsumer() {
        KafkaConsumer<String, String> current = consumer;
        consumer = null;
        assigned = List.of();
        if (current != null) {
            // An interrupt or wakeup left behind must not make the close itself fail.
            Thread.interrupted();
            try {
                current.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            } catch (RuntimeException e) {
                Log.debug("Closing the byok-changes consumer failed", e);
            }
        }
    }

    Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        props.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "generation-service-byok-changes");
        // No group: nothing to commit, no rebalance; every instance reads every partition.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A lost position must be noticed (InvalidOffsetException), never silently reset.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        int bound = Math.toIntExact(CALL_BOUND.toMillis());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, bound);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, bound);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        // Partitions added to the topic are seen within this (checkPartitions).
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        return props;
    }
}
