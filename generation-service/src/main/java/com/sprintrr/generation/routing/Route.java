package com.sprintrr.generation.routing;

import java.util.Objects;

import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.keys.ByokCredential;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderTarget;

/**
 * Where one generation goes: who pays, and the provider, model and key it runs on. mode is null
 * on the byok path; keyVersion is the user's key's version (byok), null on the credits path or
 * when key-service sent none. The key never appears in toString ({@link ProviderTarget} redacts it).
 */
public record Route(Source source, ProviderTarget target, Mode mode, Long keyVersion) {

    public Route {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /** The credits path: the platform key of the mode's provider. */
    public static Route credits(Mode mode, ProviderTarget platformTarget) {
        return new Route(Source.CREDITS, platformTarget, Objects.requireNonNull(mode, "mode"), null);
    }

    /** The byok path: the user's key, its version and model; the mode does not apply. */
    public static Route byok(ByokCredential credential) {
        return new Route(Source.BYOK, credential.target(), null, credential.keyVersion());
    }

    public Provider provider() {
        return target.provider();
    }

    public String model() {
        return target.model();
    }
}
