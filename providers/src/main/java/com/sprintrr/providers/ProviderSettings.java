package com.sprintrr.providers;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Where the providers live and how long to wait; requestTimeout bounds a plain call and a stream's headers. */
public record ProviderSettings(Map<Provider, String> baseUrls, Duration connectTimeout,
                               Duration validationTimeout, Duration requestTimeout) {

    public ProviderSettings {
        baseUrls = baseUrls == null ? Map.of() : Map.copyOf(baseUrls);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(validationTimeout, "validationTimeout");
        requirePositive(requestTimeout, "requestTimeout");
    }

    /** The providers' public APIs, 5 s to connect, 10 s to validate a key, 120 s for a generation. */
    public static ProviderSettings defaults() {
        return new ProviderSettings(Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(120));
    }

    /** The configured base URL without trailing slashes, else the provider's public API. */
    public String baseUrl(Provider provider) {
        String url = baseUrls.get(provider);
        if (url == null || url.isBlank()) {
            url = provider.defaultBaseUrl();
        }
        url = url.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
