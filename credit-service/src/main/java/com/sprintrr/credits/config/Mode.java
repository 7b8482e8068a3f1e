package com.sprintrr.credits.config;

import java.util.Locale;
import java.util.Optional;

/** The quality/speed choice of a credits generation; it decides the cost. */
public enum Mode {
    QUALITY,
    SPEED;

    /** The wire name ({@code quality}, {@code speed}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode with exactly this lowercase id; empty for null or anything else. */
    public static Optional<Mode> fromId(String id) {
        for (Mode mode : values()) {
            if (mode.id().equals(id)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
