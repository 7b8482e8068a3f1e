package com.sprintrr.platform.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads a message value (a Kafka record's bytes) that must be exactly one JSON object, handing each
 * top-level field to the caller as the token stream passes it, and names what is poison about the
 * bytes themselves, so every consumer of an event calls the same bytes poison for the same reason
 * (the reasons a tree read with {@code FAIL_ON_TRAILING_TOKENS} gives). What each field must hold is
 * the caller's to judge, after the read.
 */
public final class JsonObjectReader {

    /** No bytes at all (a tombstone or an empty record). */
    public static final String EMPTY_VALUE = "empty_value";
    /** Not one JSON value: malformed, cut short, or followed by more tokens. */
    public static final String UNPARSEABLE_JSON = "unparseable_json";
    /** One JSON value, but not an object (or only white space). */
    public static final String NOT_AN_OBJECT = "not_an_object";

    /** Takes one top-level field; the parser stands on the value's first token. */
    @FunctionalInterface
    public interface FieldReader {
        /**
         * May read the value (a scalar's text, or a whole object or array as a tree) or leave it:
         * what is left is skipped, still checked to be well-formed.
         */
        void field(String name, JsonParser value) throws IOException;
    }

    private JsonObjectReader() {
    }

    /** Null when value is one JSON object whose every field was handed over, else the poison reason. */
    public static String read(JsonFactory json, byte[] value, FieldReader fields) {
        if (value == null || value.length == 0) {
            return EMPTY_VALUE;
        }
        try (JsonParser p = json.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return NOT_AN_OBJECT; // only white space: what a tree read calls a missing node
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                return p.nextToken() == null ? NOT_AN_OBJECT : UNPARSEABLE_JSON;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.field(name, p);
                // A no-op when the reader consumed the value (or it is a scalar).
                p.skipChildren();
            }
            return p.nextToken() == null ? null : UNPARSEABLE_JSON;
        } catch (IOException e) {
            return UNPARSEABLE_JSON;
        }
    }
}
