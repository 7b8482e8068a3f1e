package com.sprintrr.providers;

import java.util.Optional;

/** The three AI providers whose wire formats this module speaks. */
public enum Provider {
    ANTHROPIC("anthropic", "Anthropic (Claude)", "Anthropic", "https://api.anthropic.com"),
    OPENAI("openai", "OpenAI", "OpenAI", "https://api.openai.com"),
    GEMINI("gemini", "Google Gemini", "Gemini", "https://generativelanguage.googleapis.com");

    private final String id;
    private final String displayName;
    private final String label;
    private final String defaultBaseUrl;

    Provider(String id, String displayName, String label, String defaultBaseUrl) {
        this.id = id;
        this.displayName = displayName;
        this.label = label;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The provider with exactly this lowercase id; empty for null or anything else. */
    public static Optional<Provider> fromId(String id) {
        for (Provider provider : values()) {
            if (provider.id.equals(id)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** Short name used in the sentences we write ("Anthropic rejected the key as invalid."). */
    String label() {
        return label;
    }
}
