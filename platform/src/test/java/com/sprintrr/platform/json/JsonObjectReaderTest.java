package com.sprintrr.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the one object reader calls poison about a value's bytes (what a strict tree read does), and which fields it hands over. */
class JsonObjectReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                          | unparseable_json",
        "{\"a\":\"b\"                      | unparseable_json",
        "{\"a\":1} {}                      | unparseable_json",
        "{\"a\":1} trailing                | unparseable_json",
        "{\"a\":[1,}                       | unparseable_json",
        "[1,2] 3                           | unparseable_json",
        "[1,2                              | unparseable_json",
        "[1,2]                             | not_an_object",
        "'\"a string\"'                    | not_an_object",
        "null                              | not_an_object",
        "'   '                             | not_an_object",
    })
    void namesWhatIsWrongWithTheBytesAsAStrictTreeReadWould(String value, String reason) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        assertEquals(reason, JsonObjectReader.read(new JsonFactory(), bytes, (name, p) -> { }));
        assertEquals(reason, treeReadReason(bytes), "the reasons a tree read gives");
    }

    @Test
    void anEmptyValueIsPoison() {
        assertEquals(JsonObjectReader.EMPTY_VALUE, JsonObjectReader.read(new JsonFactory(), null, (name, p) -> { }));
        assertEquals(JsonObjectReader.EMPTY_VALUE, JsonObjectReader.read(new JsonFactory(), new byte[0], (name, p) -> { }));
    }

    @Test
    void handsOverEveryTopLevelFieldInOrderAndSkipsWhatTheCallerLeaves() {
        byte[] value = "{\"a\":\"x\",\"nested\":{\"a\":\"inner\",\"b\":[1,{}]},\"n\":7,\"a\":null}".getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        assertNull(JsonObjectReader.read(new JsonFactory(), value,
                (name, p) -> seen.add(name + "=" + p.currentToken())));
        assertEquals(List.of("a=VALUE_STRING", "nested=START_OBJECT", "n=VALUE_NUMBER_INT", "a=VALUE_NULL"), seen);
    }

    @Test
    void aCallerMayReadAValueWholeAsATree() throws IOException {
        byte[] value = "{\"usage\":{\"inputTokens\":3},\"list\":[1,[2]],\"s\":\"t\",\"z\":null}".getBytes(StandardCharsets.UTF_8);
        var root = mapper.createObjectNode();
        assertNull(JsonObjectReader.read(mapper.getFactory(), value, (name, p) -> root.set(name, p.readValueAsTree())));
        assertEquals(mapper.readTree(value), root);
    }

    @Test
    void aFailureWhileTheCallerReadsIsUnparseable() {
        assertEquals(JsonObjectReader.UNPARSEABLE_JSON, JsonObjectReader.read(new JsonFactory(),
                "{\"n\":\"x\"}".getBytes(StandardCharsets.UTF_8), (name, p) -> p.getIntValue()));
        assertEquals(JsonObjectReader.UNPARSEABLE_JSON, JsonObjectReader.read(mapper.getFactory(),
                "{\"o\":{\"a\":}}".getBytes(StandardCharsets.UTF_8), (name, p) -> p.readValueAsTree()));
    }

    /** The reason the tree read both parsers once did would give (FAIL_ON_TRAILING_TOKENS, then isObject). */
    private String treeReadReason(byte[] value) {
        JsonNode root;
        try {
            root = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .reader().readTree(value);
        } catch (IOException e) {
            return JsonObjectReader.UNPARSEABLE_JSON;
        }
        return root == null || !root.isObject() ? JsonObjectReader.NOT_AN_OBJECT : null;
    }
}
