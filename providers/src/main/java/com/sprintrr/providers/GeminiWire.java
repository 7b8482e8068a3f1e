package com.sprintrr.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Gemini generateContent: x-goog-api-key, model in the path, candidates, cumulative usageMetadata. */
final class GeminiWire implements Wire {

    static final GeminiWire INSTANCE = new GeminiWire();

    private static final Provider PROVIDER = Provider.GEMINI;
    /** The model becomes a path segment: anything that would need escaping is not a model name. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private GeminiWire() {
    }

    @Override
    public Provider provider() {
        return PROVIDER;
    }

    @Override
    public String modelsPath() {
        return "/v1beta/models?pageSize=1";
    }

    @Override
    public HttpRequest.Builder authenticate(HttpRequest.Builder request, String apiKey) {
        return request.header("x-goog-api-key", apiKey);
    }

    @Override
    public String generationPath(String model, boolean stream) {
        if (!MODEL.matcher(model).matches()) {
            throw Failures.badModel(PROVIDER);
        }
        return "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }

    @Override
    public JsonNode generationBody(String model, Prompt prompt, boolean stream) {
        ObjectNode body = Json.object();
        body.putArray("contents").addObject().put("role", "user")
                .putArray("parts").addObject().put("text", prompt.user());
        if (prompt.system() != null) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", prompt.system());
        }
        body.putObject("generationConfig").put("maxOutputTokens", prompt.maxTokens());
        return body;
    }

    @Override
    public Completion completion(JsonNode body) {
        JsonNode candidate = Json.required(PROVIDER, body, "candidates").path(0);
        if (!candidate.isObject()) {
            throw Failures.protocol(PROVIDER);
        }
        return new Completion(text(candidate), usage(Json.required(PROVIDER, body, "usageMetadata")),
                Json.text(body, "modelVersion"));
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new Decoder();
    }

    @Override
    public Optional<KeyCheck.Reason> refusal(int status, JsonNode error) {
        // An invalid or expired key is 400, not 401.
        if (status == 400 && hasReason(error, "API_KEY_INVALID") || status == 401) {
            return Optional.of(KeyCheck.Reason.INVALID);
        }
        if (status == 403) {
            boolean suspended = hasReason(error, "CONSUMER_SUSPENDED")
                    || hasReason(error, "API_KEY_SERVICE_BLOCKED")
                    || error.path("message").asText("").toLowerCase().contains("leaked");
            return Optional.of(suspended ? KeyCheck.Reason.SUSPENDED : KeyCheck.Reason.LACKS_PERMISSION);
        }
        return Optional.empty();
    }

    @Override
    public Optional<Duration> retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String type = Json.text(detail, "@type");
            if (type != null && type.endsWith("google.rpc.RetryInfo")) {
                return Failures.seconds(Json.text(detail, "retryDelay"));
            }
        }
        return Optional.empty();
    }

    private static boolean hasReason(JsonNode error, String reason) {
        for (JsonNode detail : error.path("details")) {
            if (reason.equals(Json.text(detail, "reason"))) {
                return true;
            }
        }
        return false;
    }

    /** The answer's text; thought summaries (only sent when asked for) are not part of it. */
    private static String text(JsonNode candidate) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }

    /** Thinking tokens are billed as output. */
    private static Usage usage(JsonNode metadata) {
        return new Usage(Json.count(metadata, "promptTokenCount"),
                Json.count(metadata, "candidatesTokenCount") + Json.count(metadata, "thoughtsTokenCount"));
    }

    /** Every chunk is a partial response; its usageMetadata is the running total, the last one wins. */
    private static final class Decoder extends StreamDecoder {

        Decoder() {
            super(PROVIDER);
        }

        @Override
        String accept(SseParser.Event event) {
            JsonNode chunk = Json.parse(PROVIDER, event.data());
            if (chunk.has("error")) {
                JsonNode error = chunk.path("error");
                throw streamError(error.path("code").asInt() == 429
                        || "RESOURCE_EXHAUSTED".equals(Json.text(error, "status")));
            }
            model(Json.text(chunk, "modelVersion"));
            if (chunk.path("usageMetadata").isObject()) {
                reported(usage(chunk.path("usageMetadata")));
            }
            JsonNode candidate = chunk.path("candidates").path(0);
            // No terminator event: a finishReason is how we know the stream was not cut short.
            if (candidate.hasNonNull("finishReason")) {
                complete();
            }
            return text(candidate);
        }
    }
}
