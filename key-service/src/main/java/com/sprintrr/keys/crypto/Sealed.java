package com.sprintrr.keys.crypto;

/**
 * An encrypted key as stored: {@code blob} = 12-byte nonce ‖ ciphertext ‖ 16-byte GCM tag, made
 * with the master key {@code keyId} and AAD {@code accountId + "/" + provider}.
 */
public record Sealed(String keyId, byte[] blob) {

    @Override
    public String toString() {
        return "Sealed[keyId=" + keyId + ", " + blob.length + " bytes]";
    }
}
