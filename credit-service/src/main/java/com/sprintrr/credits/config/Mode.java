package com.sprintrr.credits.config;

import java.util.Locale;

/** The quality/speed choice of a credits generation; it decides the cost. */
public enum Mode {
    QUALITY,
    SPEED;

    /** The wire name ({@code quality}, {@code speed}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode with this wire name, or null when there is none. */
    public static Mode fromId(String id) {
        for (Mode mode : values()) {
            if (mode.id().equals(id)) {
                return mode;
            }
        }
        return null;
    }
}
