package com.sprintrr.keys.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import com.sprintrr.testing.EmbeddedKafka;

/**
 * Reads byok-changes as generation-service's cache does: every partition assigned (no group),
 * starting at the end. {@link #acknowledged()} returns the records below the end offsets as they are
 * at the call, i.e. those Kafka had acknowledged by then (acks=all puts a record below the high
 * watermark before it answers), so a call right after an HTTP answer shows what that change
 * published before it answered.
 */
public final class ChangeRecords implements AutoCloseable {

    public static final String TOPIC = "byok-changes";

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    /** Polled but at or above the end offsets of the last call: returned by a later call. */
    private final List<ConsumerRecord<String, String>> ahead = new ArrayList<>();

    private ChangeRecords() {
        Properties props = EmbeddedKafka.consumerProperties();
        props.remove("group.id");
        consumer = new KafkaConsumer<>(props);
        partitions = consumer.partitionsFor(TOPIC, BOUND).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolves the end positions now, so records published from here on are read.
        partitions.forEach(p -> consumer.position(p, BOUND));
    }

    /** A reader of what is published from now on. */
    public static ChangeRecords fromNow() {
        return new ChangeRecords();
    }

    /** Every record acknowledged since the previous call (or since opening), in partition order. */
    public List<ConsumerRecord<String, String>> acknowledged() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, BOUND);
        long deadline = System.nanoTime() + BOUND.toNanos();
        List<ConsumerRecord<String, String>> polled = new ArrayList<>(ahead);
        ahead.clear();
        while (partitions.stream().anyMatch(p -> consumer.position(p, BOUND) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Did not read byok-changes up to " + end + " within " + BOUND);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(polled::add);
        }
        List<ConsumerRecord<String, String>> below = new ArrayList<>();
        for (Iterator<ConsumerRecord<String, String>> it = polled.iterator(); it.hasNext();) {
            ConsumerRecord<String, String> record = it.next();
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            (record.offset() < end.get(partition) ? below : ahead).add(record);
        }
        return below;
    }

    /** The acknowledged records of one account since the previous call, in order (one key, one partition). */
    public List<ConsumerRecord<String, String>> acknowledged(String account) {
        return acknowledged().stream().filter(r -> account.equals(r.key())).toList();
    }

    /** The exact value key-service publishes, nothing more: no key, no hint, no model. */
    public static String value(String account, long stateVersion) {
        return "{\"accountId\":\"" + account + "\",\"stateVersion\":" + stateVersion + "}";
    }

    @Override
    public void close() {
        consumer.close();
    }
}
