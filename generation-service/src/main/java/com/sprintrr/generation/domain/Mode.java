package com.sprintrr.generation.domain;

import java.util.Optional;

/** The Quality/Speed toggle; it selects the provider and model only on the credits path. */
public enum Mode {
    QUALITY("quality"),
    SPEED("speed");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Mode> fromId(String id) {
        for (Mode mode : values()) {
            if (mode.id.equals(id)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
