package com.sprintrr.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** The platform's own provider keys, used on the credits path; never logged. */
@ApplicationScoped
public class PlatformKeys {

    private final ProvidersConfig config;

    @Inject
    public PlatformKeys(ProvidersConfig config) {
        this.config = config;
    }

    /** The configured platform key of this provider; empty when unset or blank. */
    public Optional<String> platformKey(Provider provider) {
        return config.endpoint(provider).platformKey().map(String::strip).filter(key -> !key.isEmpty());
    }
}
