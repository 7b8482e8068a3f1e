package com.sprintrr.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one ObjectMapper of this module and the few reading rules every wire format shares. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** Parses a success body or stream event; anything but a JSON object is a protocol failure. */
    static JsonNode parse(Provider provider, String text) {
        JsonNode node = lenient(text);
        if (!node.isObject()) {
            throw Failures.protocol(provider);
        }
        return node;
    }

    /** Parses an error body, which may be anything (HTML from a proxy, empty); missing when not JSON. */
    static JsonNode lenient(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body; the provider's text must not travel on.
            return MissingNode.getInstance();
        }
    }

    /** The field, which the format guarantees; its absence is a protocol failure. */
    static JsonNode required(Provider provider, JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            throw Failures.protocol(provider);
        }
        return node;
    }

    /** A token count; providers omit counts that are zero. */
    static long count(JsonNode parent, String field) {
        return parent.path(field).asLong(0);
    }

    /** A string field that may be absent. */
    static String text(JsonNode parent, String field) {
        return parent.path(field).textValue();
    }
}
