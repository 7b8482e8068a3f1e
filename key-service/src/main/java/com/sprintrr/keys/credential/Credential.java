package com.sprintrr.keys.credential;

/**
 * The decrypted key of the active provider, for generation-service only; toString() hides the key.
 * keyVersion changes whenever the key is replaced; generation-service puts it in its events.
 */
public record Credential(String provider, String model, String apiKey, Long keyVersion) {

    @Override
    public String toString() {
        return "Credential[provider=" + provider + ", model=" + model + ", keyVersion=" + keyVersion + ", apiKey=redacted]";
    }
}
