package com.sprintrr.generation.keys;

import java.util.Objects;

import com.sprintrr.providers.Provider;

/** The decrypted key of the account's active provider and the model to use; held only for one call. */
public final class ByokCredential {

    private final Provider provider;
    private final String model;
    private final String apiKey;

    public ByokCredential(Provider provider, String model, String apiKey) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.model = Objects.requireNonNull(model, "model");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
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

    @Override
    public String toString() {
        return "ByokCredential[" + provider.id() + ", " + model + ", key=***]";
    }
}
