package com.sprintrr.generation.keys;

import java.util.Objects;

import com.sprintrr.providers.Provider;

/**
 * The decrypted key of the account's active provider, its version (null when key-service sends
 * none) and the model to use; held only for one call.
 */
public final class ByokCredential {

    private final Provider provider;
    private final String model;
    private final String apiKey;
    private final Long keyVersion;

    public ByokCredential(Provider provider, String model, String apiKey, Long keyVersion) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.model = Objects.requireNonNull(model, "model");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.keyVersion = keyVersion;
    }

    public Provider provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    public String apiKey() {
        return apiKey;
    }

    public Long keyVersion() {
        return keyVersion;
    }

    @Override
    public String toString() {
        return "ByokCredential[" + provider.id() + ", " + model + ", v" + keyVersion + ", key=***]";
    }
}
