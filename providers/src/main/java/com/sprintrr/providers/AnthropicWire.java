package com.sprintrr.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.Optional;

/** Anthropic Messages API: x-api-key and anthropic-version headers, content blocks, named SSE events. */
final class AnthropicWire implements Wire {

    static final AnthropicWire INSTANCE = new AnthropicWire();

    private static final Provider PROVIDER = Provider.ANTHROPIC;

    private AnthropicWire() {
    }

    @Override
    public Provider provider() {
        return PROVIDER;
    }

    @Override
    public String modelsPath() {
        return "/v1/models?limit=1";
    }

    @Override
    public HttpRequest.Builder authenticate(HttpRequest.Builder request, String apiKey) {
        return request.header("x-api-key", apiKey).header("anthropic-version", "2023-06-01");
    }

    @Override
    public String generationPath(String model, boolean stream) {
        return "/v1/messages";
    }

    @Override
    public JsonNode generationBody(String model, Prompt prompt, boolean stream) {
        ObjectNode body = Json.object().put("model", model).put("max_tokens", prompt.maxTokens());
        if (prompt.system() != null) {
            body.put("system", prompt.system());
        }
        body.putArray("messages").addObject().put("role", "user").put("content", prompt.user());
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    @Override
    public Completion completion(JsonNode body) {
        JsonNode content = Json.required(PROVIDER, body, "content");
        if (!content.isArray()) {
            throw Failures.protocol(PROVIDER);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(Json.text(block, "type"))) {
                text.append(block.path("text").asText(""));
            }
        }
        return new Completion(text.toString(), usage(Json.required(PROVIDER, body, "usage")),
                Json.text(body, "model"));
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new Decoder();
    }

    @Override
    public Optional<KeyCheck.Reason> refusal(int status, JsonNode error) {
        if (status == 401) {
            return Optional.of(KeyCheck.Reason.INVALID);
        }
        if (status == 403) {
            return Optional.of(KeyCheck.Reason.LACKS_PERMISSION);
        }
        return Optional.empty();
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(Json.count(usage, "input_tokens"), Json.count(usage, "output_tokens"));
    }

    /** message_start carries model and usage, text_delta blocks the text, message_delta the final usage. */
    private static final class Decoder extends StreamDecoder {

        Decoder() {
            super(PROVIDER);
        }

        @Override
        String accept(SseParser.Event event) {
            JsonNode data = Json.parse(PROVIDER, event.data());
            switch (data.path("type").asText()) {
                case "message_start" -> {
                    JsonNode message = data.path("message");
                    model(Json.text(message, "model"));
                    if (message.path("usage").isObject()) {
                        reported(usage(message.path("usage")));
                    }
                }
                case "content_block_delta" -> {
                    JsonNode delta = data.path("delta");
                    return "text_delta".equals(Json.text(delta, "type")) ? delta.path("text").asText("") : "";
                }
                case "message_delta" -> {
                    // Cumulative totals so far: overwrite what message_start said.
                    JsonNode usage = data.path("usage");
                    if (usage.has("input_tokens")) {
                        inputTokens(Json.count(usage, "input_tokens"));
                    }
                    if (usage.has("output_tokens")) {
                        outputTokens(Json.count(usage, "output_tokens"));
                    }
                }
                case "message_stop" -> finish();
                case "error" -> throw streamError("rate_limit_error".equals(Json.text(data.path("error"), "type")));
                default -> {
                    // ping, content_block_start/stop, and event types added after 2023-06-01.
                }
            }
            return "";
        }
    }
}
