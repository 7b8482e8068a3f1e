package com.sprintrr.keys.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.sprintrr.keys.persistence.KeyHealthRepository;
import com.sprintrr.keys.persistence.KeyHealthRepository.KeyEvidence;
import com.sprintrr.platform.db.DatabaseFailure;
import com.sprintrr.platform.db.DatabaseUnavailable;
import com.sprintrr.providers.Provider;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Keeps each key's health from generation-completed (consumer group key-service), one polled batch
 * at a time: a byok success marks the key ok, a refusal of the user's key ({@code byok_key_rejected})
 * marks it rejected, any failure is the last failure, and every use moves lastUsedAt forward. Per key
 * the newest event of the batch decides, whatever order the batch holds them in, and only if it is
 * newer than what is stored; events about another key version (a key replaced since) change nothing.
 * A batch is applied in one statement (one round trip, one commit); credits events are only read
 * far enough to be skipped. This is a read-model: a record that cannot be read, or cannot be
 * applied, is logged and skipped so the partition never stops; the next event or a check corrects
 * the state. The batch's offsets become committable when this method returns, so only after the
 * batch was applied or deliberately skipped.
 */
@ApplicationScoped
public class KeyHealthConsumer {

    /** The channel (and topic) name, as in application.properties. */
    public static final String CHANNEL = "generation-completed";

    private final KeyUsageParser parser;
    private final KeyHealthRepository health;

    KeyHealthConsumer(KeyUsageParser parser, KeyHealthRepository health) {
        this.parser = parser;
        this.health = health;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<byte[]> values = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            values.add(record.value());
        }
        process(values);
    }

    /** Applies one polled batch of record values; never throws for a bad record or a database failure. */
    public void process(List<byte[]> values) {
        Map<Key, Evidence> byKey = new HashMap<>();
        for (byte[] value : values) {
            KeyUsageParser.Parsed parsed = parser.parse(value);
            if (parsed.poisonReason() != null) {
                Log.warnf("Skipped an unreadable generation-completed record (%s)", parsed.poisonReason());
                continue;
            }
            parsed.event().ifPresent(event -> byKey
                    .computeIfAbsent(new Key(event.accountId(), event.provider(), event.keyVersion()), k -> new Evidence())
                    .add(event));
        }
        if (byKey.isEmpty()) {
            return;
        }
        List<KeyEvidence> keys = new ArrayList<>(byKey.size());
        byKey.forEach((key, evidence) -> keys.add(evidence.of(key)));
        // Rows locked in one order whatever the batch's order, so two writers never wait on each other in a cycle.
        keys.sort(Comparator.comparing(KeyEvidence::accountId).thenComparing(k -> k.provider().id())
                .thenComparingLong(KeyEvidence::keyVersion));
        apply(keys);
    }

    private void apply(List<KeyEvidence> keys) {
        try {
            int touched = health.applyGenerations(keys);
            if (touched < keys.size()) {
                Log.debugf("Ignored events about %d replaced or deleted keys", keys.size() - touched);
            }
        } catch (DatabaseFailure e) {
            if (keys.size() == 1 || DatabaseUnavailable.isCause(e)) {
                Log.warnf("Could not record %d keys' generations (first: the %s key of account %s): %s", keys.size(),
                        keys.get(0).provider().id(), keys.get(0).accountId(), e.getMessage());
                return;
            }
            // Something in the batch fails for good: apply key by key so that only its own evidence is lost.
            for (KeyEvidence key : keys) {
                apply(List.of(key));
            }
        }
    }

    /** One stored key version. */
    private record Key(String accountId, Provider provider, long keyVersion) {
    }

    /**
     * The newest of each kind of evidence about one key in a batch. Comparisons are strict, as the
     * statement's are, so of two events at the same instant the first one read wins, as it would if
     * they came in two batches.
     */
    private static final class Evidence {
        private Instant usedAt;
        private Instant failureAt;
        private String failureCode;
        private Instant statusAt;
        private String status;

        void add(KeyUsageEvent event) {
            Instant at = event.occurredAt();
            if (usedAt == null || usedAt.isBefore(at)) {
                usedAt = at;
            }
            if (event.errorCode() != null && (failureAt == null || failureAt.isBefore(at))) {
                failureAt = at;
                failureCode = event.errorCode();
            }
            String verdict = event.succeeded() ? KeyHealthRepository.OK
                    : KeyUsageEvent.BYOK_KEY_REJECTED.equals(event.errorCode()) ? KeyHealthRepository.REJECTED : null;
            if (verdict != null && (statusAt == null || statusAt.isBefore(at))) {
                statusAt = at;
                status = verdict;
            }
        }

        KeyEvidence of(Key key) {
            return new KeyEvidence(key.accountId(), key.provider(), key.keyVersion(), usedAt, failureAt, failureCode,
                    statusAt, status);
        }
    }
}
