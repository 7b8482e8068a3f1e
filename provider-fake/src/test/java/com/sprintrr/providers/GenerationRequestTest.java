package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.providers.fake.Recorded;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the client puts on the wire for a generation: path, headers and body per provider. */
class GenerationRequestTest extends AgainstFake {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Prompt NO_SYSTEM = new Prompt(null, "Hi", 64);
    /** Stands for the provider's test key in the expected headers. */
    private static final String KEY = "{key}";

    static Stream<Arguments> plainCalls() {
        return Stream.of(
                Arguments.of(Provider.ANTHROPIC, "claude-sonnet-4-6", "/anthropic/v1/messages",
                        Map.of("x-api-key", KEY, "anthropic-version", "2023-06-01"), """
                        {"model":"claude-sonnet-4-6","max_tokens":256,"system":"Answer in one sentence.",
                         "messages":[{"role":"user","content":"What is the capital of France?"}]}"""),
                Arguments.of(Provider.OPENAI, "gpt-4o-mini", "/openai/v1/chat/completions",
                        Map.of("Authorization", "Bearer " + KEY), """
                        {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Answer in one sentence."},
                         {"role":"user","content":"What is the capital of France?"}],"max_completion_tokens":256}"""),
                Arguments.of(Provider.GEMINI, "gemini-2.5-flash", "/gemini/v1beta/models/gemini-2.5-flash:generateContent",
                        Map.of("x-goog-api-key", KEY), """
                        {"contents":[{"role":"user","parts":[{"text":"What is the capital of France?"}]}],
                         "systemInstruction":{"parts":[{"text":"Answer in one sentence."}]},
                         "generationConfig":{"maxOutputTokens":256}}"""));
    }

    /**
     * Anthropic: key and version headers, the system prompt beside the messages. OpenAI: a bearer
     * key, system then user messages. Gemini: the model in the path, the key in a header, never in the URL.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("plainCalls")
    void plainCallSendsTheProvidersPathHeadersAndBody(Provider provider, String model, String url,
            Map<String, String> headers, String body) throws Exception {
        fake.replyRecorded(provider, false);
        client.generate(provider, key(provider), model, PROMPT);

        LoggedRequest request = onlyRequest(provider);
        assertEquals(url, request.getUrl());
        headers.forEach((name, value) -> assertEquals(value.replace(KEY, key(provider)), request.getHeader(name)));
        assertEquals(JSON.readTree(body), body(request));
    }

    static Stream<Arguments> streamCalls() {
        return Stream.of(
                Arguments.of(Provider.ANTHROPIC, "claude-sonnet-4-6", "/anthropic/v1/messages", """
                        {"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"Hi"}],
                         "stream":true}"""),
                Arguments.of(Provider.OPENAI, "gpt-4o-mini", "/openai/v1/chat/completions", """
                        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":64,
                         "stream":true,"stream_options":{"include_usage":true}}"""),
                Arguments.of(Provider.GEMINI, "gemini-2.5-flash",
                        "/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", """
                        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"maxOutputTokens":64}}"""));
    }

    /**
     * A stream asks for one (Anthropic and OpenAI in the body, OpenAI also for usage in the last
     * chunk; Gemini at its SSE endpoint) and leaves the system prompt out when there is none.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("streamCalls")
    void streamAsksForAStreamAndOmitsAMissingSystemPrompt(Provider provider, String model, String url, String body)
            throws Exception {
        fake.replyRecorded(provider, true);
        client.stream(provider, key(provider), model, NO_SYSTEM, delta -> { });

        LoggedRequest request = onlyRequest(provider);
        assertEquals(url, request.getUrl());
        assertEquals(JSON.readTree(body), body(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../v1/models", "gemini 2.5", "models/gemini-2.5-flash", "gemini?alt=json", "gemini%2F", ""})
    void geminiRefusesModelNamesThatAreNotAPlainPathSegmentWithoutCallingIt(String model) {
        fake.replyRecorded(Provider.GEMINI, false);

        ProviderException failure = assertThrows(ProviderException.class,
                () -> client.generate(Provider.GEMINI, key(Provider.GEMINI), model, PROMPT));

        assertEquals(ProviderException.Kind.BAD_REQUEST, failure.kind());
        assertTrue(fake.generationRequests(Provider.GEMINI).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void keyThatCannotGoInAHeaderIsRejectedWithoutCallingTheProvider(Provider provider) {
        fake.replyRecorded(provider, false);

        ProviderException failure = assertThrows(ProviderException.class,
                () -> client.generate(provider, "sk-abc\r\nx-injected: 1", model(provider), PROMPT));

        assertEquals(ProviderException.Kind.KEY_REJECTED, failure.kind());
        assertTrue(fake.generationRequests(provider).isEmpty());
    }

    @Test
    void baseUrlWithTrailingSlashStillReachesTheProvider() {
        fake.replyRecorded(Provider.OPENAI, false);
        ProviderClient slashed = new ProviderClient(new ProviderSettings(
                Map.of(Provider.OPENAI, fake.baseUrl(Provider.OPENAI) + "/"),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));

        assertEquals(Recorded.plain(Provider.OPENAI),
                slashed.generate(Provider.OPENAI, key(Provider.OPENAI), "gpt-4o-mini", PROMPT));
        assertEquals("/openai/v1/chat/completions", onlyRequest(Provider.OPENAI).getUrl());
    }

    private LoggedRequest onlyRequest(Provider provider) {
        List<LoggedRequest> requests = fake.generationRequests(provider);
        assertEquals(1, requests.size());
        return requests.get(0);
    }

    private static JsonNode body(LoggedRequest request) throws Exception {
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        return JSON.readTree(request.getBodyAsString());
    }
}
