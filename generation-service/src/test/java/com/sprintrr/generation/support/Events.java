package com.sprintrr.generation.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.EmbeddedKafka;

/** Reads what is really on the generation-completed topic of the test broker. */
public final class Events {

    public static final String TOPIC = "generation-completed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** Every record on the topic with this key (account), from the beginning to the current end. */
    public static List<ConsumerRecord<String, String>> recordsOf(String accountId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(EmbeddedKafka.consumerProperties())) {
            List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(TOPIC, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + TOPIC + " to its end");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (accountId.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** The account's events as JSON, in topic order (one partition per account). */
    public static List<JsonNode> of(String accountId) {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : recordsOf(accountId)) {
            try {
                events.add(JSON.readTree(record.value()));
            } catch (Exception e) {
                throw new AssertionError("Not JSON on " + TOPIC + ": " + record.value(), e);
            }
        }
        return events;
    }

    /** Waits until the account has at least this many events, then returns all of them. */
    public static List<JsonNode> await(String accountId, int atLeast) {
        Await.until(atLeast + " generation-completed event(s) for " + accountId, Duration.ofSeconds(30),
                () -> of(accountId).size() >= atLeast);
        return of(accountId);
    }

    /** The account's single event for this generation, failing if there is not exactly one. */
    public static JsonNode single(String accountId, String generationId) {
        Await.until("the generation-completed event of " + generationId, Duration.ofSeconds(30),
                () -> of(accountId).stream().anyMatch(e -> generationId.equals(e.path("generationId").asText())));
        List<JsonNode> matching = of(accountId).stream()
                .filter(e -> generationId.equals(e.path("generationId").asText())).collect(Collectors.toList());
        if (matching.size() != 1) {
            throw new AssertionError("Expected exactly one event for " + generationId + ", got " + matching);
        }
        return matching.get(0);
    }
}
