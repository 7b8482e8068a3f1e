package com.sprintrr.providers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The providers' endpoints, platform keys and timeouts under {@code sprintrr.providers}. */
@ConfigMapping(prefix = "sprintrr.providers")
public interface ProvidersConfig {

    /** Anthropic's endpoint. */
    Endpoint anthropic();

    /** OpenAI's endpoint. */
    Endpoint openai();

    /** Gemini's endpoint. */
    Endpoint gemini();

    /** Time allowed to open a connection to a provider. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed for a whole key-validation call. */
    @WithDefault("10s")
    Duration validationTimeout();

    /** Time allowed for a plain generation call, and for a stream's response headers. */
    @WithDefault("120s")
    Duration requestTimeout();

    /** The endpoint of the given provider. */
    default Endpoint endpoint(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> anthropic();
            case OPENAI -> openai();
            case GEMINI -> gemini();
        };
    }

    /** One provider's endpoint: where it lives and the platform's own key for the credits path. */
    interface Endpoint {

        /** Base URL replacing the provider's public API (fakes, proxies); may carry a path prefix. */
        Optional<String> baseUrl();

        /** The platform's own key, used when the caller pays with credits. */
        Optional<String> platformKey();
    }
}
