package com.sprintrr.keys.support;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.sprintrr.providers.Provider;
import com.sprintrr.testing.EmbeddedKafka;

/** Writes generation-completed records as generation-service does (key = account) onto the test broker. */
public final class GenerationEvents {

    public static final String TOPIC = "generation-completed";

    private GenerationEvents() {
    }

    /** A byok event; errorCode null means succeeded. */
    public static String byok(String account, Provider provider, Long keyVersion, String errorCode, Instant at) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"generationId\":\"" + UUID.randomUUID()
                + "\",\"accountId\":\"" + account + "\",\"source\":\"byok\",\"status\":\""
                + (errorCode == null ? "succeeded" : "failed") + "\",\"provider\":\"" + provider.id()
                + "\",\"model\":\"some-model\",\"mode\":null,\"usage\":{\"inputTokens\":1,\"outputTokens\":1},"
                + "\"occurredAt\":\"" + at + "\",\"errorCode\":" + (errorCode == null ? "null" : "\"" + errorCode + "\"")
                + ",\"keyVersion\":" + keyVersion + ",\"aFieldFromTheFuture\":{\"x\":1}}";
    }

    /** Sends raw values under the account's key, in order, and waits until the broker has them. */
    public static void send(String account, String... values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(EmbeddedKafka.producerProperties())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, account, value)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("Could not send to " + TOPIC, e);
        }
    }
}
