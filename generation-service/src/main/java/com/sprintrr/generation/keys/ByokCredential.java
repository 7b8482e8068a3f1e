package com.sprintrr.generation.keys;

import java.util.Objects;

import com.sprintrr.providers.ProviderTarget;

/**
 * The account's active provider, its model and decrypted key (one {@link ProviderTarget}, whose
 * key redacts itself), and the key's version (null when key-service sends none); held only for one call.
 */
public record ByokCredential(ProviderTarget target, Long keyVersion) {

    public ByokCredential {
        Objects.requireNonNull(target, "target");
    }
}
