package com.sprintrr.credits;

import java.util.UUID;

/** Parsing of the UUIDs callers send (generation and event ids). */
public final class Ids {

    private Ids() {
    }

    /**
     * The UUID in its canonical 36-character form, or null. {@link UUID#fromString} alone also
     * accepts short forms such as {@code 1-2-3-4-5}, which no caller of ours produces.
     */
    public static UUID parseUuid(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
