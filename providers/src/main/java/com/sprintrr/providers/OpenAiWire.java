package com.sprintrr.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.Optional;

/** OpenAI Chat Completions: bearer key, choices, usage only in the last chunk, "[DONE]" terminator. */
final class OpenAiWire implements Wire {

    static final OpenAiWire INSTANCE = new OpenAiWire();

    private static final Provider PROVIDER = Provider.OPENAI;

    private OpenAiWire() {
    }

    @Override
    public Provider provider() {
        return PROVIDER;
    }

    @Override
    public String modelsPath() {
        return "/v1/models";
    }

    @Override
    public HttpRequest.Builder authenticate(HttpRequest.Builder request, String apiKey) {
        return request.header("Authorization", "Bearer " + apiKey);
    }

    @Override
    public String generationPath(String model, boolean stream) {
        return "/v1/chat/completions";
    }

    @Override
    public JsonNode generationBody(String model, Prompt prompt, boolean stream) {
        ObjectNode body = Json.object().put("model", model);
        ArrayNode messages = body.putArray("messages");
        if (prompt.system() != null) {
            messages.addObject().put("role", "system").put("content", prompt.system());
        }
        messages.addObject().put("role", "user").put("content", prompt.user());
        body.put("max_completion_tokens", prompt.maxTokens());
        if (stream) {
            body.put("stream", true);
            // Without it a stream carries no usage at all, and credits need it.
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    @Override
    public Completion completion(JsonNode body) {
        JsonNode message = Json.required(PROVIDER, body, "choices").path(0).path("message");
        if (!message.isObject()) {
            throw Failures.protocol(PROVIDER);
        }
        // content is null when the model refused or only called tools: no text, still a valid answer.
        String text = Json.text(message, "content");
        return new Completion(text == null ? "" : text, usage(Json.required(PROVIDER, body, "usage")),
                Json.text(body, "model"));
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new Decoder();
    }

    @Override
    public Optional<KeyCheck.Reason> refusal(int status, JsonNode error) {
        if (status == 401) {
            // A restricted key missing a scope is 401 too, but with code null.
            return Optional.of("invalid_api_key".equals(Json.text(error, "code"))
                    ? KeyCheck.Reason.INVALID : KeyCheck.Reason.LACKS_PERMISSION);
        }
        if (status == 403) {
            return Optional.of(KeyCheck.Reason.LACKS_PERMISSION);
        }
        return Optional.empty();
    }

    @Override
    public boolean quotaExhausted(JsonNode error) {
        return "insufficient_quota".equals(Json.text(error, "code"))
                || "insufficient_quota".equals(Json.text(error, "type"));
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(Json.count(usage, "prompt_tokens"), Json.count(usage, "completion_tokens"));
    }

    /** Chunks carry delta.content; the usage-only last chunk has no choices; "[DONE]" ends it. */
    private static final class Decoder extends StreamDecoder {

        Decoder() {
            super(PROVIDER);
        }

        @Override
        String accept(SseParser.Event event) {
            if (event.data().strip().equals("[DONE]")) {
                finish();
                return "";
            }
            JsonNode chunk = Json.parse(PROVIDER, event.data());
            if (chunk.has("error")) {
                throw streamError("rate_limit_exceeded".equals(Json.text(chunk.path("error"), "code")));
            }
            model(Json.text(chunk, "model"));
            if (chunk.path("usage").isObject()) {
                reported(usage(chunk.path("usage")));
            }
            String content = Json.text(chunk.path("choices").path(0).path("delta"), "content");
            return content == null ? "" : content;
        }
    }
}
