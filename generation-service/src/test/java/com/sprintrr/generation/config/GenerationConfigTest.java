package com.sprintrr.generation.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.domain.Mode;
import com.sprintrr.providers.Provider;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The credits modes are typed when the configuration is read, so a typo stops start-up with a
 * message naming the key and the accepted ids instead of routing every request to quality (or
 * answering 503 per request for an unknown provider). The mapping is built as Quarkus builds it at
 * boot (with its Duration converter), without booting the whole service.
 */
class GenerationConfigTest {

    @Test
    void theDefaultsReadAsTypedModesAndProviders() {
        GenerationConfig config = mapping(Map.of());

        assertEquals(Mode.QUALITY, config.modes().defaultMode());
        assertEquals(Provider.ANTHROPIC, config.modes().quality().provider());
        assertEquals(Provider.GEMINI, config.modes().speed().provider());
    }

    @Test
    void aDefaultModeSpelledRightIsUsed() {
        assertEquals(Mode.SPEED, mapping(Map.of("sprintrr.generation.modes.default-mode", "speed")).modes().defaultMode());
    }

    @Test
    void aTypoInTheDefaultModeFailsStartUp() {
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> mapping(Map.of("sprintrr.generation.modes.default-mode", "qualty")));

        assertNames(failure, "sprintrr.generation.modes.default-mode", "'qualty' is not a mode; expected one of: quality, speed");
    }

    @Test
    void aTypoInAModesProviderFailsStartUp() {
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> mapping(Map.of("sprintrr.generation.modes.speed.provider", "gemeni")));

        assertNames(failure, "sprintrr.generation.modes.speed.provider",
                "'gemeni' is not a provider; expected one of: anthropic, openai, gemini");
    }

    private static void assertNames(RuntimeException failure, String key, String why) {
        String message = failure.getMessage();
        assertTrue(message.contains(key), message);
        assertTrue(message.contains(why), message);
    }

    private static GenerationConfig mapping(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "sprintrr.generation.modes.quality.provider", "anthropic",
                "sprintrr.generation.modes.quality.model", "claude-sonnet-4-6",
                "sprintrr.generation.modes.speed.provider", "gemini",
                "sprintrr.generation.modes.speed.model", "gemini-3.1-flash-lite"));
        properties.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GenerationConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(GenerationConfig.class);
    }
}
