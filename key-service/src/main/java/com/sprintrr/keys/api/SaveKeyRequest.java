package com.sprintrr.keys.api;

/** Body of {@code PUT /v1/byok/keys/{provider}}; toString() never shows the key. */
public record SaveKeyRequest(String apiKey, String model) {

    @Override
    public String toString() {
        return "SaveKeyRequest[apiKey=redacted, model=" + model + "]";
    }
}
