package com.sprintrr.generation.keys;

import java.util.Optional;

import com.sprintrr.providers.Provider;

/** An account's BYOK switch and active provider as key-service reports them (no key, no hint). */
public record ByokSettings(boolean enabled, Optional<Provider> activeProvider, Optional<String> model) {

    public static ByokSettings disabled() {
        return new ByokSettings(false, Optional.empty(), Optional.empty());
    }
}
