package com.sprintrr.generation.support;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.sprintrr.testing.EmbeddedKafka;

/**
 * key-service's side of topic byok-changes in tests: publishes an account's new stateVersion as
 * key-service does (key = accountId, acks=all) and says when the broker acknowledged it.
 */
public final class KeyChanges implements AutoCloseable {

    public static final String TOPIC = "byok-changes";

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(EmbeddedKafka.producerProperties());

    /** Publishes {@code {"accountId":account,"stateVersion":version}}; returns System.nanoTime() once it is acknowledged. */
    public long publish(String account, long version) {
        return publishRaw(account, "{\"accountId\":\"" + account + "\",\"stateVersion\":" + version + "}");
    }

    /** Publishes any value under this key (null: none); returns System.nanoTime() once it is acknowledged. */
    public long publishRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("byok-changes did not acknowledge a record", e);
        }
        return System.nanoTime();
    }

    @Override
    public void close() {
        producer.close();
    }
}
