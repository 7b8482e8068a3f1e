package com.sprintrr.keys.crypto;

/**
 * A stored key that does not decrypt: its master key is no longer configured, or the row was
 * altered or moved (the AAD binds it to its account and provider). Carries no key material.
 */
public class KeyUnreadableException extends RuntimeException {

    public KeyUnreadableException(String message) {
        super(message, null, false, false);
    }
}
