package com.sprintrr.keys.changes;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.keys.config.KeysConfig;
import com.sprintrr.keys.problem.ByokProblems;

import io.quarkus.logging.Log;

/**
 * The one producer of {@code byok-changes}: sends a change's record and waits for Kafka's
 * acknowledgement (acks=all, idempotent), all within {@code sprintrr.keys.changes.publish-timeout},
 * or answers 503 {@code byok_changes_unavailable}. A plain KafkaProducer, not a messaging channel,
 * because the caller must block on the acknowledgement inside its transaction and fail that
 * transaction when it does not come; a channel's emitter would add a hand-off and a second buffer.
 */
@ApplicationScoped
public class ChangePublisher {

    private final Producer<String, String> producer;
    private final Duration timeout;
    private final ObjectMapper json;

    ChangePublisher(KeysConfig config, ObjectMapper json,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String kafka) {
        this.timeout = config.changes().publishTimeout();
        this.json = json;
        this.producer = new KafkaProducer<>(properties(config.changes().bootstrapServers().orElse(kafka), timeout),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Every wait of the client is bounded by the publish timeout: send() blocks for metadata or buffer
     * space at most max.block.ms, and a record not acknowledged within delivery.timeout.ms fails
     * (request.timeout.ms may not exceed it, linger.ms adds to it, so 0). The caller's own deadline
     * covers both together.
     */
    static Map<String, Object> properties(String bootstrapServers, Duration timeout) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "key-service-byok-changes");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return props;
    }

    /**
     * Publishes the change and returns once Kafka acknowledged it; otherwise throws 503
     * {@code byok_changes_unavailable}, which rolls the caller's transaction back. A record that is
     * acknowledged after we gave up announces a version that was not committed: harmless, a cache
     * only drops the account's entry (see the README, State versions).
     */
    public void publish(ByokChange change) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            producer.send(new ProducerRecord<>(ByokChange.TOPIC, change.accountId(), value(change)))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(change, e);
        } catch (ExecutionException e) {
            throw unavailable(change, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            // RuntimeException: send() itself refused (metadata not available within max.block.ms, closed, ...).
            throw unavailable(change, e);
        }
    }

    /** Fetches the topic's metadata, so the first change after a start does not pay for it (warm-up). */
    int partitions() {
        List<PartitionInfo> partitions = producer.partitionsFor(ByokChange.TOPIC);
        return partitions.size();
    }

    private String value(ByokChange change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A byok-changes record could not be written", e);
        }
    }

    private RuntimeException unavailable(ByokChange change, Throwable cause) {
        // Kafka's messages name topics, partitions and timeouts, never a record's value.
        Log.warnf("Rolled back a change of account %s: its byok-changes record (state version %d) was not "
                + "acknowledged within %s (%s: %s)", change.accountId(), change.stateVersion(), timeout,
                cause.getClass().getSimpleName(), cause.getMessage());
        return ByokProblems.changesUnavailable();
    }

    @PreDestroy
    void close() {
        producer.close(timeout);
    }
}
