package com.sprintrr.keys.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The curated model list per provider under {@code sprintrr.catalog}, editable without code. */
@ConfigMapping(prefix = "sprintrr.catalog")
public interface CatalogConfig {

    /** Anthropic's models. */
    Entry anthropic();

    /** OpenAI's models. */
    Entry openai();

    /** Gemini's models. */
    Entry gemini();

    /** One provider's offer. */
    interface Entry {

        /** Name shown to users; the provider's own display name when absent. */
        Optional<String> displayName();

        /** Model used when the user chose none; must be one of {@link #models()}. */
        String defaultModel();

        /** The models a user may pick, in display order (comma list). */
        List<String> models();
    }
}
