package com.sprintrr.providers;

import java.util.Objects;

/** A finished generation: the text, its usage and the model the provider said it used (nullable). */
public record Completion(String text, Usage usage, String providerModel) {

    public Completion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(usage, "usage");
    }
}
