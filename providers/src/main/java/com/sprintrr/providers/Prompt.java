package com.sprintrr.providers;

import java.util.Objects;

/** What to ask a model: an optional system instruction, the user's text and the output budget. */
public record Prompt(String system, String user, int maxTokens) {

    public Prompt {
        Objects.requireNonNull(user, "user");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
    }
}
