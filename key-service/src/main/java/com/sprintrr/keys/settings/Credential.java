package com.sprintrr.keys.settings;

/** The decrypted key of the active provider, for generation-service only; toString() hides the key. */
public record Credential(String provider, String model, String apiKey) {

    @Override
    public String toString() {
        return "Credential[provider=" + provider + ", model=" + model + ", apiKey=redacted]";
    }
}
