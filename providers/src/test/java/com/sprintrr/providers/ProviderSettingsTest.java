package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    @Test
    void defaultsUseThePublicApisAndDocumentedTimeouts() {
        ProviderSettings defaults = ProviderSettings.defaults();
        for (Provider provider : Provider.values()) {
            assertEquals(provider.defaultBaseUrl(), defaults.baseUrl(provider));
        }
        assertEquals(Duration.ofSeconds(5), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(10), defaults.validationTimeout());
        assertEquals(Duration.ofSeconds(120), defaults.requestTimeout());
    }

    @Test
    void configuredBaseUrlKeepsItsPathPrefixAndLosesTrailingSlashes() {
        ProviderSettings settings = withBaseUrls(Map.of(Provider.ANTHROPIC, "http://localhost:8089/anthropic//"));
        assertEquals("http://localhost:8089/anthropic", settings.baseUrl(Provider.ANTHROPIC));
        assertEquals(Provider.OPENAI.defaultBaseUrl(), settings.baseUrl(Provider.OPENAI));
    }

    @Test
    void blankBaseUrlFallsBackToThePublicApi() {
        assertEquals(Provider.GEMINI.defaultBaseUrl(), withBaseUrls(Map.of(Provider.GEMINI, " ")).baseUrl(Provider.GEMINI));
    }

    @Test
    void nonPositiveTimeoutsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderSettings(Map.of(), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderSettings(Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    }

    private static ProviderSettings withBaseUrls(Map<Provider, String> baseUrls) {
        ProviderSettings defaults = ProviderSettings.defaults();
        return new ProviderSettings(baseUrls, defaults.connectTimeout(), defaults.validationTimeout(),
                defaults.requestTimeout());
    }
}
