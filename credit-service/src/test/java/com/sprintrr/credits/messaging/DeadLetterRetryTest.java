package com.sprintrr.credits.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.EmbeddedKafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Dead-lettering that fails part-way (the broker acknowledges one letter and refuses another) is
 * retried for the refused letter only: the acknowledged one is on the DLQ once, and every letter
 * carries its stable identity header.
 */
@QuarkusTest
class DeadLetterRetryTest {

    @Inject
    MeterRegistry metrics;

    @Test
    void aRetryAfterAPartialFailureSendsOnlyTheLetterTheBrokerRefused() throws Exception {
        String key = Internal.newAccount();
        byte[] small = "{\"small\": oops".getBytes(StandardCharsets.UTF_8);
        byte[] large = ("{\"large\": \"" + "x".repeat(40_000) + "\" oops").getBytes(StandardCharsets.UTF_8);
        double failuresBefore = failures();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
            // The DLQ refuses the large letter for now (RecordTooLarge); the small one fits. The limit
            // stays above the producer's batch.size (16 KiB), so the large letter travels in a batch
            // of its own and the broker answers the two letters separately: one acknowledged, one refused.
            setDlqMaxMessageBytes(admin, "20000");
            try {
                sendTogether(key, small, large);
                Await.until("a retry after the partial failure", Duration.ofSeconds(60), () -> failures() >= failuresBefore + 2);
            } finally {
                setDlqMaxMessageBytes(admin, null);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> letters = dlqRecordsWithKeyUntil(key, large);
        assertEquals(2, letters.size(), "one copy of each letter");
        assertArrayEquals(small, letters.get(0).value());
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertEquals(Topics.GENERATION_COMPLETED + "/" + Kafka.header(letter, Topics.ORIGINAL_PARTITION_HEADER) + "/"
                    + Kafka.header(letter, Topics.ORIGINAL_OFFSET_HEADER), Kafka.header(letter, Topics.DEAD_LETTER_ID_HEADER));
        }
    }

    private double failures() {
        Counter counter = metrics.find("sprintrr.credits.dead.letter.failures").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void setDlqMaxMessageBytes(Admin admin, String value) throws Exception {
        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topics.GENERATION_COMPLETED_DLQ);
        AlterConfigOp op = value == null
                ? new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry("max.message.bytes", value), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(dlq, List.of(op))).all().get();
    }

    /** Both records in one producer batch, so the service polls them together and dead-letters them in one call. */
    private static void sendTogether(String key, byte[] first, byte[] second) throws Exception {
        Map<String, Object> props = EmbeddedKafka.producerProperties();
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("linger.ms", "500");
        // One record batch for both (the large one would otherwise get a batch of its own): a fetch
        // returns a batch whole, so the service polls both together.
        props.put("batch.size", "200000");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            Future<?> a = producer.send(new ProducerRecord<>(Topics.GENERATION_COMPLETED, key, first));
            Future<?> b = producer.send(new ProducerRecord<>(Topics.GENERATION_COMPLETED, key, second));
            a.get();
            b.get();
        }
    }

    /** The DLQ's records with the key, in partition order, up to the one whose value is {@code last}. */
    private static List<ConsumerRecord<byte[], byte[]>> dlqRecordsWithKeyUntil(String key, byte[] last) {
        Properties props = EmbeddedKafka.consumerProperties();
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> matching = new ArrayList<>();
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.GENERATION_COMPLETED_DLQ));
            Await.until("the large letter on the DLQ", Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (Arrays.equals(keyBytes, r.key())) {
                        matching.add(r);
                    }
                }
                return matching.stream().anyMatch(r -> Arrays.equals(last, r.value()));
            });
        }
        return matching;
    }
}
