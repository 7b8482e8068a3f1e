package com.sprintrr.credits.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Writes poison records to {@code generation-completed.dlq} and waits for the broker to have them. */
@ApplicationScoped
public class DeadLetters {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel(Topics.DEAD_LETTER_CHANNEL)
    MutinyEmitter<byte[]> emitter;
    @Inject
    MeterRegistry metrics;

    /** Returns once every letter is acknowledged by the broker; throws if one is not. */
    public void publish(List<DeadLetter> letters) {
        List<Uni<Void>> sends = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            sends.add(emitter.sendMessage(message(letter)));
        }
        Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        for (DeadLetter letter : letters) {
            Log.warnf("Dead-lettered %s-%d@%d: %s", letter.topic(), letter.partition(), letter.offset(), letter.reason());
            metrics.counter("sprintrr.credits.dead.letters", "reason", letter.reason().split(":")[0]).increment();
        }
    }

    private static Message<byte[]> message(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.REASON_HEADER, bytes(letter.reason()));
        headers.add(Topics.ORIGINAL_TOPIC_HEADER, bytes(letter.topic()));
        headers.add(Topics.ORIGINAL_PARTITION_HEADER, bytes(Integer.toString(letter.partition())));
        headers.add(Topics.ORIGINAL_OFFSET_HEADER, bytes(Long.toString(letter.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(letter.key())
                .withHeaders(headers)
                .build();
        byte[] value = letter.value() == null ? new byte[0] : letter.value();
        return Message.of(value).addMetadata(metadata);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
