package com.sprintrr.keys.changes;

/**
 * A record of the {@code byok-changes} topic: this account's BYOK state changed and its new state
 * version is stateVersion. Record key = accountId; the value is exactly these two fields, never a
 * key, a hint or a model (generation-service only needs to know what to drop).
 */
public record ByokChange(String accountId, long stateVersion) {

    /** The topic's one name, here and in deploy/kafka/topics.md. */
    public static final String TOPIC = "byok-changes";
}
