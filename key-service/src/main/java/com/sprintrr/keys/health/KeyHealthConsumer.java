package com.sprintrr.keys.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.sprintrr.keys.persistence.KeyHealthRepository;
import com.sprintrr.platform.db.DatabaseFailure;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Keeps each key's health from generation-completed (consumer group key-service): a byok success
 * marks the key ok, a refusal of the user's key ({@code byok_key_rejected}) marks it rejected, any
 * failure is the last failure, and every use moves lastUsedAt forward. Events about another key
 * version (a key replaced since) change nothing. This is a read-model: a record that cannot be read,
 * or cannot be applied, is logged and skipped so the partition never stops; the next event or a
 * check corrects the state.
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
    public void consume(byte[] value) {
        KeyUsageParser.Parsed parsed = parser.parse(value);
        if (parsed.poisonReason() != null) {
            Log.warnf("Skipped an unreadable generation-completed record (%s)", parsed.poisonReason());
            return;
        }
        parsed.event().ifPresent(this::apply);
    }

    void apply(KeyUsageEvent event) {
        String verdict = event.succeeded() ? KeyHealthRepository.OK
                : KeyUsageEvent.BYOK_KEY_REJECTED.equals(event.errorCode()) ? KeyHealthRepository.REJECTED : null;
        try {
            boolean applied = health.applyGeneration(event.accountId(), event.provider(), event.keyVersion(),
                    event.occurredAt(), event.errorCode(), verdict);
            if (!applied) {
                Log.debugf("Ignored an event about a replaced or deleted %s key of account %s", event.provider().id(),
                        event.accountId());
            }
        } catch (DatabaseFailure e) {
            Log.warnf("Could not record a generation's effect on the %s key of account %s: %s", event.provider().id(),
                    event.accountId(), e.getMessage());
        }
    }
}
