package com.sprintrr.keys.credential;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sprintrr.providers.ProviderTarget;

/**
 * The decrypted key of the active provider, for generation-service only: the shared provider
 * target and the key's version, which changes whenever the key is replaced (generation-service puts
 * it in its events), and the account's state version committed with it (generation-service's cache
 * keeps it, see the README). On the wire it stays flat, {@code {provider, model, apiKey, keyVersion,
 * stateVersion}}, the contract; {@code toString()} hides the key.
 */
@JsonPropertyOrder({ "provider", "model", "apiKey", "keyVersion", "stateVersion" })
public record Credential(@JsonIgnore ProviderTarget target, @JsonProperty("keyVersion") Long keyVersion,
        @JsonProperty("stateVersion") long stateVersion) {

    @JsonProperty("provider")
    public String provider() {
        return target.provider().id();
    }

    @JsonProperty("model")
    public String model() {
        return target.model();
    }

    /** The one answer that carries the key itself, behind the service token. */
    @JsonProperty("apiKey")
    public String apiKey() {
        return target.apiKey().reveal();
    }

    @Override
    public String toString() {
        return "Credential[provider=" + provider() + ", model=" + model() + ", keyVersion=" + keyVersion
                + ", stateVersion=" + stateVersion + ", apiKey=redacted]";
    }
}
