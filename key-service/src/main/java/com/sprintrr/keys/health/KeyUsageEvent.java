package com.sprintrr.keys.health;

import java.time.Instant;

import com.sprintrr.providers.Provider;

/**
 * What key-service takes from a byok {@code generation-completed} event: whose key (account,
 * provider, version), when, and how it went (errorCode null on success). Nothing about the key itself.
 */
public record KeyUsageEvent(String accountId, Provider provider, long keyVersion, boolean succeeded, String errorCode,
        Instant occurredAt) {

    /** The contract's code of a generation the provider refused because of the user's key. */
    public static final String BYOK_KEY_REJECTED = "byok_key_rejected";
}
