package com.sprintrr.credits.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 4: poison records go to the DLQ with their reason, and the consumer goes on. */
@QuarkusTest
class PoisonRecordTest {

    @Inject
    LedgerProbe probe;

    @Test
    void poisonRecordsGoToTheDlqWithAReasonAndTheNextRecordIsSettled() {
        String account = Internal.newAccount();
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("unparseable_json", bytes("{\"eventId\": oops"));
        poison.put("empty_value", null);
        poison.put("not_an_object", bytes("[1,2,3]"));
        poison.put("unknown_enum: source", event(account, e -> e.put("source", "points")));
        poison.put("unknown_enum: status", event(account, e -> e.put("status", "done")));
        poison.put("unknown_enum: mode", event(account, e -> e.put("mode", "turbo")));
        poison.put("missing_field: generationId", event(account, e -> e.remove("generationId")));
        poison.put("missing_field: accountId", event(account, e -> e.remove("accountId")));
        poison.put("missing_field: eventId", event(account, e -> e.put("eventId", null)));
        poison.put("invalid_field: generationId", event(account, e -> e.put("generationId", "gen-1")));
        poison.put("missing_field: mode", event(account, e -> e.put("mode", null)));
        poison.put("negative_number: usage.inputTokens", event(account, e -> e.put("usage", Map.of("inputTokens", -5))));
        poison.forEach((reason, value) -> Kafka.sendBytes(account, value));
        UUID next = Internal.holdCreated(account, "quality");
        Kafka.send(account, GenerationEvents.credits(account, next, "succeeded", "quality"));

        Await.until("the record after the poison to be settled", () -> probe.processed(next));
        List<ConsumerRecord<String, byte[]>> dead = Kafka.recordsWithKey(Topics.GENERATION_COMPLETED_DLQ, account, poison.size());

        Map<String, ConsumerRecord<String, byte[]>> byReason = dead.stream()
                .collect(Collectors.toMap(r -> Kafka.header(r, Topics.REASON_HEADER), r -> r, (a, b) -> a, LinkedHashMap::new));
        assertEquals(poison.keySet(), byReason.keySet());
        poison.forEach((reason, value) -> {
            ConsumerRecord<String, byte[]> letter = byReason.get(reason);
            assertArrayEquals(value == null ? new byte[0] : value, letter.value(), reason);
            assertEquals(Topics.GENERATION_COMPLETED, Kafka.header(letter, Topics.ORIGINAL_TOPIC_HEADER));
            assertNotNull(Kafka.header(letter, Topics.ORIGINAL_PARTITION_HEADER));
            assertNotNull(Kafka.header(letter, Topics.ORIGINAL_OFFSET_HEADER));
        });
        assertEquals(48, probe.balance(account));
        probe.assertConsistent(account);
    }

    private static byte[] event(String account, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> event = GenerationEvents.event(account, UUID.randomUUID(), "credits", "succeeded", "quality");
        breakIt.accept(event);
        return bytes(GenerationEvents.json(event));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
