package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sprintrr.providers.* properties become the client's settings and the platform keys. */
class ProvidersConfigTest {

    @Test
    void unsetPropertiesGiveTheDefaultSettings() {
        assertEquals(ProviderSettings.defaults(), ProviderClientProducer.settings(config(Map.of())));
    }

    @Test
    void baseUrlsAndTimeoutsComeFromTheProperties() {
        ProviderSettings settings = ProviderClientProducer.settings(config(Map.of(
                "sprintrr.providers.anthropic.base-url", "http://localhost:9999/anthropic/",
                "sprintrr.providers.connect-timeout", "2s",
                "sprintrr.providers.validation-timeout", "3s",
                "sprintrr.providers.request-timeout", "90s")));

        assertEquals("http://localhost:9999/anthropic", settings.baseUrl(Provider.ANTHROPIC));
        assertEquals(Provider.OPENAI.defaultBaseUrl(), settings.baseUrl(Provider.OPENAI));
        assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(3), settings.validationTimeout());
        assertEquals(Duration.ofSeconds(90), settings.requestTimeout());
    }

    @Test
    void platformKeyIsTheConfiguredOneTrimmedAndBlankMeansNone() {
        PlatformKeys keys = new PlatformKeys(config(Map.of(
                "sprintrr.providers.anthropic.platform-key", " sk-ant-platform ",
                "sprintrr.providers.openai.platform-key", "  ")));

        assertEquals(Optional.of("sk-ant-platform"), keys.platformKey(Provider.ANTHROPIC));
        assertEquals(Optional.empty(), keys.platformKey(Provider.OPENAI));
        assertEquals(Optional.empty(), keys.platformKey(Provider.GEMINI));
    }

    private static ProvidersConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ProvidersConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(ProvidersConfig.class);
    }
}
