package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void idsNamesAndPublicApisAreTheDocumentedOnes() {
        assertEquals("anthropic", Provider.ANTHROPIC.id());
        assertEquals("openai", Provider.OPENAI.id());
        assertEquals("gemini", Provider.GEMINI.id());
        assertEquals("Anthropic (Claude)", Provider.ANTHROPIC.displayName());
        assertEquals("OpenAI", Provider.OPENAI.displayName());
        assertEquals("Google Gemini", Provider.GEMINI.displayName());
        assertEquals("https://api.anthropic.com", Provider.ANTHROPIC.defaultBaseUrl());
        assertEquals("https://api.openai.com", Provider.OPENAI.defaultBaseUrl());
        assertEquals("https://generativelanguage.googleapis.com", Provider.GEMINI.defaultBaseUrl());
    }

    @Test
    void fromIdFindsEachProviderByItsId() {
        for (Provider provider : Provider.values()) {
            assertEquals(Optional.of(provider), Provider.fromId(provider.id()));
        }
    }

    @Test
    void fromIdMatchesExactLowercaseOnlyAndIsNullSafe() {
        assertEquals(Optional.empty(), Provider.fromId(null));
        assertEquals(Optional.empty(), Provider.fromId("Anthropic"));
        assertEquals(Optional.empty(), Provider.fromId("OPENAI"));
        assertEquals(Optional.empty(), Provider.fromId(" gemini"));
        assertEquals(Optional.empty(), Provider.fromId("claude"));
        assertEquals(Optional.empty(), Provider.fromId(""));
    }
}
