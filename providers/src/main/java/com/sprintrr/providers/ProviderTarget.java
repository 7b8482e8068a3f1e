package com.sprintrr.providers;

import java.util.Objects;

/**
 * Where one provider call goes and with which key: the provider, the model and the key. The one
 * shape of this triple in every service (a stored BYOK credential, a credits route, a key check);
 * its {@code toString()} never shows the key, because {@link ApiKey} redacts itself.
 */
public record ProviderTarget(Provider provider, String model, ApiKey apiKey) {

    public ProviderTarget {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
