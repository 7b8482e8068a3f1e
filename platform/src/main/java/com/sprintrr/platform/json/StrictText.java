package com.sprintrr.platform.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/**
 * Every JSON string read into a {@code String}: NUL (PostgreSQL cannot store it, and no text of
 * ours needs it) and lone UTF-16 surrogates ({@code "\ud800"}, which no UTF-8 writer can encode, so
 * they would be silently replaced on the way out) are refused as the field's wrong value, which the
 * platform answers with 400 {@code invalid_request} naming the field, never the value.
 */
public final class StrictText extends StdScalarDeserializer<String> {

    public StrictText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = StringDeserializer.instance.deserialize(parser, context);
        if (text != null && !acceptable(text)) {
            // The value is deliberately not passed: exception messages must never quote input.
            throw InvalidFormatException.from(parser, "Text holds NUL or a lone surrogate.", null, String.class);
        }
        return text;
    }

    /** Whether text is free of NUL and of surrogates that are not part of a pair. */
    public static boolean acceptable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isCachable() {
        return true;
    }
}
