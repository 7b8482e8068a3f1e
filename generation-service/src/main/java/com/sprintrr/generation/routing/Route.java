package com.sprintrr.generation.routing;

import java.util.Objects;

import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.providers.Provider;

/**
 * Where one generation goes: who pays, which provider and model, and with which key. mode is
 * null on the byok path. The key never appears in toString.
 */
public final class Route {

    private final Source source;
    private final Provider provider;
    private final String model;
    private final Mode mode;
    private final String apiKey;
    private final Long keyVersion;

    private Route(Source source, Provider provider, String model, Mode mode, String apiKey, Long keyVersion) {
        this.source = source;
        this.provider = Objects.requireNonNull(provider, "provider");
        this.model = Objects.requireNonNull(model, "model");
        this.mode = mode;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.keyVersion = keyVersion;
    }

    /** The credits path: the platform key of the mode's provider. */
    public static Route credits(Mode mode, Provider provider, String model, String platformKey) {
        return new Route(Source.CREDITS, provider, model, Objects.requireNonNull(mode, "mode"), platformKey, null);
    }

    /** The byok path: the user's key, its version and model; the mode does not apply. */
    public static Route byok(Provider provider, String model, String userKey, Long keyVersion) {
        return new Route(Source.BYOK, provider, model, null, userKey, keyVersion);
    }

    public Source source() {
        return source;
    }

    public Provider provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    /** The credits mode, or null on the byok path. */
    public Mode mode() {
        return mode;
    }

    public String apiKey() {
        return apiKey;
    }

    /** The version of the user's key (byok), null on the credits path or when key-service sent none. */
    public Long keyVersion() {
        return keyVersion;
    }

    @Override
    public String toString() {
        return "Route[" + source.id() + ", " + provider.id() + ", " + model + ", mode=" + (mode == null ? null : mode.id())
                + ", key=***]";
    }
}
