package com.sprintrr.providers;

import java.util.Optional;

/** The text/event-stream line parser the three stream formats share. */
final class SseParser {

    /** One dispatched event; type is "message" when the stream named none. */
    record Event(String type, String data) {
    }

    private String type;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /**
     * Feeds one line (without its terminator); returns the event a blank line completes. Data lines
     * of one event are joined by "\n"; comment lines (":") are ignored.
     */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            type = value;
        } else if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        // "id" and "retry" serve browsers that reconnect; a provider stream is never resumed.
        return Optional.empty();
    }

    /**
     * Ends the stream; returns a pending event. Unlike browsers we dispatch it: recorded Anthropic
     * streams end on message_stop without a trailing blank line.
     */
    Optional<Event> end() {
        return dispatch();
    }

    private Optional<Event> dispatch() {
        Optional<Event> event = hasData
                ? Optional.of(new Event(type == null ? "message" : type, data.toString()))
                : Optional.empty();
        type = null;
        data.setLength(0);
        hasData = false;
        return event;
    }
}
