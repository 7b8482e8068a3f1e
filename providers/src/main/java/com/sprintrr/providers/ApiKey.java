package com.sprintrr.providers;

import java.util.Objects;

/**
 * A user's provider API key in memory. It has no getter, no JSON form and a redacted
 * {@code toString()}, so it cannot end up in a log line, an exception message or a response by
 * accident; {@link #reveal()} is the one deliberate way out (provider call, encryption, hint, credential).
 */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** Wraps an already validated key. */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        return new ApiKey(value);
    }

    /** The key itself; only where the key must leave: the provider call, the cipher, the hint, the internal credential response. */
    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
