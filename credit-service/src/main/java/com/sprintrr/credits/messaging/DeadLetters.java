package com.sprintrr.credits.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes poison records to {@code generation-completed.dlq} and waits for the broker to have them.
 * No duplicates from retries: the producer is idempotent (its own resends are deduplicated by the
 * broker), a failed call reports exactly which letters were not acknowledged so only those are sent
 * again, and every letter carries {@link Topics#DEAD_LETTER_ID_HEADER}, the same for every copy of it,
 * so a reader can drop the copies a crash before the offset commit can still produce.
 */
@ApplicationScoped
public class DeadLetters {

    /**
     * Longer than the producer's delivery.timeout.ms (application.properties), so the producer has
     * given every send its final answer before this gives up and the letter is tried again.
     */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry metrics;

    @Inject
    DeadLetters(@Channel(Topics.DEAD_LETTER_CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /**
     * Sends every letter and waits for the broker's answer to each; returns the letters it did not
     * acknowledge (empty when all are durable), which the caller sends again, and only those.
     */
    public List<DeadLetter> publish(List<DeadLetter> letters) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            sends.add(emitter.sendMessage(message(letter)).subscribeAsCompletionStage());
        }
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        List<DeadLetter> failed = new ArrayList<>();
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter letter = letters.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                Log.warnf("Dead-lettered %s: %s", letter.id(), letter.reason());
                metrics.counter("sprintrr.credits.dead.letters", "reason", letter.reason().split(":")[0]).increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.addAll(letters.subList(i, letters.size()));
                break;
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                Log.warnf("Dead letter %s not acknowledged (%s); it will be sent again", letter.id(),
                        cause.getClass().getSimpleName());
                failed.add(letter);
            }
        }
        if (!failed.isEmpty()) {
            metrics.counter("sprintrr.credits.dead.letter.failures").increment(failed.size());
        }
        return failed;
    }

    private static Message<byte[]> message(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DEAD_LETTER_ID_HEADER, bytes(letter.id()));
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
