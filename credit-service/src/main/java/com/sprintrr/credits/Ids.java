package com.sprintrr.credits;

import java.util.UUID;

/** Parsing of the UUIDs callers send (generation and event ids). */
public final class Ids {

    private Ids() {
    }

    /**
     * The UUID written in its canonical form (8-4-4-4-12 hex digits), or null. {@link UUID#fromString}
     * alone also accepts other groupings such as {@code 1-2-3-4-5}, which no caller of ours produces.
     */
    public static UUID parseUuid(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
