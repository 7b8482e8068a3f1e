package com.sprintrr.keys.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The AES-256 master keys under {@code sprintrr.crypto}. Both are optional here so that a missing
 * value fails startup with our own message (see {@code MasterKeys}), never with the raw value.
 */
@ConfigMapping(prefix = "sprintrr.crypto")
public interface CryptoConfig {

    /** Master keys as a comma list of {@code id:base64(32 random bytes)}; every listed key still decrypts. */
    Optional<String> keys();

    /** Id of the master key new ciphertexts are written with (must be one of {@link #keys()}). */
    Optional<String> primaryKeyId();
}
