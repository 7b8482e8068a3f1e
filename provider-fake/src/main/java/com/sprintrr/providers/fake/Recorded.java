package com.sprintrr.providers.fake;

import com.sprintrr.providers.Completion;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The recorded provider payloads (classpath fixtures/providers/) and exactly what each decodes to. */
public final class Recorded {

    /** anthropic/messages-response.json */
    public static final String ANTHROPIC_TEXT = "{\"items\":[{\"product_name\":\"Green Tea\",\"price\":5.50,"
            + "\"quantity\":2},{\"product_name\":\"Coffee\",\"price\":3.00,\"quantity\":1}],\"total\":14.0}";
    public static final Usage ANTHROPIC_USAGE = new Usage(406, 50);
    public static final String ANTHROPIC_MODEL = "claude-sonnet-4-5-20250929";

    /** anthropic/messages-stream-basic.sse: output_tokens 1 then 6 cumulative, so 6 (not 7). */
    public static final List<String> ANTHROPIC_STREAM_DELTAS = List.of("Hello", " there", "!");
    public static final String ANTHROPIC_STREAM_TEXT = "Hello there!";
    public static final Usage ANTHROPIC_STREAM_USAGE = new Usage(11, 6);
    public static final String ANTHROPIC_STREAM_MODEL = "claude-3-opus-latest";

    /**
     * Not recorded: no recording of a plain chat.completion was at hand, so this body is written by
     * us after OpenAI's documented response shape.
     */
    public static final String OPENAI_RESPONSE = """
            {
              "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
              "object": "chat.completion",
              "created": 1741569952,
              "model": "gpt-4o-mini-2024-07-18",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "The capital of France is Paris.",
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 19,
                "completion_tokens": 8,
                "total_tokens": 27,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_06737a9306"
            }
            """;
    public static final String OPENAI_TEXT = "The capital of France is Paris.";
    public static final Usage OPENAI_USAGE = new Usage(19, 8);
    public static final String OPENAI_MODEL = "gpt-4o-mini-2024-07-18";

    /** openai/chat-completions-stream-include-usage.sse: the empty first content is not a delta. */
    public static final List<String> OPENAI_STREAM_DELTAS = List.of("{\"");
    public static final String OPENAI_STREAM_TEXT = "{\"";
    public static final Usage OPENAI_STREAM_USAGE = new Usage(79, 1);
    public static final String OPENAI_STREAM_MODEL = "gpt-4o-2024-08-06";

    /** gemini/generate-content-response.json */
    public static final String GEMINI_TEXT = "The capital of France is **Paris**.\n";
    public static final Usage GEMINI_USAGE = new Usage(7, 9);
    public static final String GEMINI_MODEL = "gemini-2.0-flash";

    /** gemini/stream-generate-content.sse: promptTokenCount 8, 8 then 7; the last chunk wins. */
    public static final List<String> GEMINI_STREAM_DELTAS = List.of("The", " capital of France", " is Paris.\n");
    public static final String GEMINI_STREAM_TEXT = "The capital of France is Paris.\n";
    public static final Usage GEMINI_STREAM_USAGE = new Usage(7, 8);
    public static final String GEMINI_STREAM_MODEL = "gemini-2.0-flash";

    private Recorded() {
    }

    /** The completion a plain call answered with {@link #body(Provider, boolean) body(p, false)} returns. */
    public static Completion plain(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> new Completion(ANTHROPIC_TEXT, ANTHROPIC_USAGE, ANTHROPIC_MODEL);
            case OPENAI -> new Completion(OPENAI_TEXT, OPENAI_USAGE, OPENAI_MODEL);
            case GEMINI -> new Completion(GEMINI_TEXT, GEMINI_USAGE, GEMINI_MODEL);
        };
    }

    /** The completion a stream answered with {@link #body(Provider, boolean) body(p, true)} returns. */
    public static Completion stream(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> new Completion(ANTHROPIC_STREAM_TEXT, ANTHROPIC_STREAM_USAGE, ANTHROPIC_STREAM_MODEL);
            case OPENAI -> new Completion(OPENAI_STREAM_TEXT, OPENAI_STREAM_USAGE, OPENAI_STREAM_MODEL);
            case GEMINI -> new Completion(GEMINI_STREAM_TEXT, GEMINI_STREAM_USAGE, GEMINI_STREAM_MODEL);
        };
    }

    /** The deltas, in order, that the recorded stream hands to onDelta. */
    public static List<String> streamDeltas(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> ANTHROPIC_STREAM_DELTAS;
            case OPENAI -> OPENAI_STREAM_DELTAS;
            case GEMINI -> GEMINI_STREAM_DELTAS;
        };
    }

    /** The recorded (for OpenAI plain: written) body of a plain or streamed generation. */
    public static String body(Provider provider, boolean stream) {
        return switch (provider) {
            case ANTHROPIC -> resource(stream ? "anthropic/messages-stream-basic.sse" : "anthropic/messages-response.json");
            case OPENAI -> stream ? resource("openai/chat-completions-stream-include-usage.sse") : OPENAI_RESPONSE;
            case GEMINI -> resource(stream ? "gemini/stream-generate-content.sse" : "gemini/generate-content-response.json");
        };
    }

    /** A fixture file under fixtures/providers/ on the classpath, byte for byte as recorded. */
    public static String resource(String path) {
        String name = "/fixtures/providers/" + path;
        try (InputStream in = Recorded.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
