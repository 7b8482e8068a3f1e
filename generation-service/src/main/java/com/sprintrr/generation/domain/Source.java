package com.sprintrr.generation.domain;

import java.util.Optional;

/** Who pays for a generation: sprintrr credits or the user's own key. */
public enum Source {
    CREDITS("credits"),
    BYOK("byok");

    private final String id;

    Source(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Source> fromId(String id) {
        for (Source source : values()) {
            if (source.id.equals(id)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
