package com.sprintrr.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/** One provider's HTTP wire format: its paths, headers and bodies, and how its answers read. */
interface Wire {

    Provider provider();

    /** Path and query of the no-token models-list call that validates a key. */
    String modelsPath();

    /** Adds the key (and any version header) the way this provider expects it. */
    HttpRequest.Builder authenticate(HttpRequest.Builder request, String apiKey);

    /** Path and query of a generation call. */
    String generationPath(String model, boolean stream);

    /** Body of a generation call. */
    JsonNode generationBody(String model, Prompt prompt, boolean stream);

    /** Reads a plain call's 200 body; throws a PROTOCOL ProviderException when it is not one. */
    Completion completion(JsonNode body);

    /** A fresh decoder for one streamed response. */
    StreamDecoder streamDecoder();

    /** The refusal this status and top-level "error" object mean, if the provider refused the key. */
    Optional<KeyCheck.Reason> refusal(int status, JsonNode error);

    /** True when a 429 says the account is out of quota rather than going too fast. */
    default boolean quotaExhausted(JsonNode error) {
        return false;
    }

    /** A retry delay carried in the error body rather than in a retry-after header. */
    default Optional<Duration> retryDelay(JsonNode error) {
        return Optional.empty();
    }

    static Wire of(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> AnthropicWire.INSTANCE;
            case OPENAI -> OpenAiWire.INSTANCE;
            case GEMINI -> GeminiWire.INSTANCE;
        };
    }
}
