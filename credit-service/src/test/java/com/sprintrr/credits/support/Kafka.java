package com.sprintrr.credits.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.sprintrr.credits.messaging.Topics;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.EmbeddedKafka;
import com.sprintrr.testing.KafkaTopicsResource;

/** The tests' side of the broker: produce records, wait for the service to have consumed them, read topics back. */
public final class Kafka {

    /** The service's consumer group (application.properties). */
    public static final String GROUP = "credit-service";

    private static KafkaProducer<String, byte[]> producer;

    private Kafka() {
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = EmbeddedKafka.producerProperties();
            props.put("value.serializer", ByteArraySerializer.class.getName());
            props.put("linger.ms", "0");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Sends a generation-completed record and waits for the broker to have it. */
    public static void send(String key, String value) {
        sendBytes(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public static void sendBytes(String key, byte[] value) {
        send(new ProducerRecord<>(Topics.GENERATION_COMPLETED, key, value));
    }

    /** Sends a generation-completed record with one header (as generation-service's traceparent). */
    public static void send(String key, String value, String header, String headerValue) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.GENERATION_COMPLETED, key,
                value.getBytes(StandardCharsets.UTF_8));
        record.headers().add(header, headerValue.getBytes(StandardCharsets.US_ASCII));
        send(record);
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    /** Sends many records keyed by account, then waits for the broker to have all of them. */
    public static void sendAll(List<Map.Entry<String, String>> keyedValues) {
        List<Future<?>> sent = new ArrayList<>();
        for (Map.Entry<String, String> kv : keyedValues) {
            sent.add(producer().send(new ProducerRecord<>(Topics.GENERATION_COMPLETED, kv.getKey(),
                    kv.getValue().getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("send failed", e);
            }
        }
    }

    /**
     * Waits until the service's consumer group has committed offsets up to the topic's current end
     * on every partition: everything produced so far is settled (offsets are committed only after
     * the batch's transaction committed).
     */
    public static void awaitConsumed() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < KafkaTopicsResource.DEFAULT_PARTITIONS; p++) {
                latest.put(new TopicPartition(Topics.GENERATION_COMPLETED, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            Await.until("credit-service to commit offsets up to " + ends, Duration.ofSeconds(60), () -> {
                Map<TopicPartition, OffsetAndMetadata> committed;
                try {
                    committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                } catch (InterruptedException | ExecutionException e) {
                    return false;
                }
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    long position = done == null ? 0 : done.offset();
                    if (position < end.getValue()) {
                        return false;
                    }
                }
                return true;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read offsets", e);
        }
    }

    /**
     * Reads a topic from its beginning up to its current end with a fresh consumer group, as a
     * restarted consumer that never committed an offset would, handing every poll to the handler.
     */
    public static List<ConsumerRecord<String, byte[]>> replayFromStart(String topic,
            Consumer<ConsumerRecords<String, byte[]>> handler) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Await.until("the whole of " + topic, Duration.ofSeconds(120), () -> {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    handler.accept(records);
                    records.forEach(all::add);
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return all;
    }

    /** The records of a topic whose key is {@code key}, waiting until there are at least {@code expected}. */
    public static List<ConsumerRecord<String, byte[]>> recordsWithKey(String topic, String key, int expected) {
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            Await.until(expected + " records with key " + key + " on " + topic, Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (key.equals(r.key())) {
                        matching.add(r);
                    }
                }
                return matching.size() >= expected;
            });
        }
        return matching;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = EmbeddedKafka.consumerProperties();
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.put("max.poll.records", "300");
        return new KafkaConsumer<>(props);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
