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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the client puts on the wire for a generation: path, headers and body per provider. */
class GenerationRequestTest extends AgainstFake {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Prompt NO_SYSTEM = new Prompt(null, "Hi", 64);

    @Test
    void anthropicPlainCallSendsKeyVersionAndMessagesBody() throws Exception {
        fake.replyRecorded(Provider.ANTHROPIC, false);
        client.generate(Provider.ANTHROPIC, key(Provider.ANTHROPIC), "claude-sonnet-4-6", PROMPT);

        LoggedRequest request = onlyRequest(Provider.ANTHROPIC);
        assertEquals("/anthropic/v1/messages", request.getUrl());
        assertEquals(key(Provider.ANTHROPIC), request.getHeader("x-api-key"));
        assertEquals("2023-06-01", request.getHeader("anthropic-version"));
        assertEquals(JSON.readTree("""
                {"model":"claude-sonnet-4-6","max_tokens":256,"system":"Answer in one sentence.",
                 "messages":[{"role":"user","content":"What is the capital of France?"}]}"""), body(request));
    }

    @Test
    void anthropicStreamAsksForStreamAndOmitsSystemWhenNull() throws Exception {
        fake.replyRecorded(Provider.ANTHROPIC, true);
        client.stream(Provider.ANTHROPIC, key(Provider.ANTHROPIC), "claude-sonnet-4-6", NO_SYSTEM, delta -> { });

        assertEquals(JSON.readTree("""
                {"model":"claude-sonnet-4-6","max_tokens":64,"messages":[{"role":"user","content":"Hi"}],
                 "stream":true}"""), body(onlyRequest(Provider.ANTHROPIC)));
    }

    @Test
    void openaiPlainCallSendsBearerKeyAndSystemThenUserMessages() throws Exception {
        fake.replyRecorded(Provider.OPENAI, false);
        client.generate(Provider.OPENAI, key(Provider.OPENAI), "gpt-4o-mini", PROMPT);

        LoggedRequest request = onlyRequest(Provider.OPENAI);
        assertEquals("/openai/v1/chat/completions", request.getUrl());
        assertEquals("Bearer " + key(Provider.OPENAI), request.getHeader("Authorization"));
        assertEquals(JSON.readTree("""
                {"model":"gpt-4o-mini","messages":[{"role":"system","content":"Answer in one sentence."},
                 {"role":"user","content":"What is the capital of France?"}],"max_completion_tokens":256}"""),
                body(request));
    }

    @Test
    void openaiStreamAsksForUsageInTheLastChunkAndOmitsSystemWhenNull() throws Exception {
        fake.replyRecorded(Provider.OPENAI, true);
        client.stream(Provider.OPENAI, key(Provider.OPENAI), "gpt-4o-mini", NO_SYSTEM, delta -> { });

        assertEquals(JSON.readTree("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":64,
                 "stream":true,"stream_options":{"include_usage":true}}"""), body(onlyRequest(Provider.OPENAI)));
    }

    @Test
    void geminiPlainCallPutsModelInPathAndKeyInHeaderNeverInUrl() throws Exception {
        fake.replyRecorded(Provider.GEMINI, false);
        client.generate(Provider.GEMINI, key(Provider.GEMINI), "gemini-2.5-flash", PROMPT);

        LoggedRequest request = onlyRequest(Provider.GEMINI);
        assertEquals("/gemini/v1beta/models/gemini-2.5-flash:generateContent", request.getUrl());
        assertEquals(key(Provider.GEMINI), request.getHeader("x-goog-api-key"));
        assertEquals(JSON.readTree("""
                {"contents":[{"role":"user","parts":[{"text":"What is the capital of France?"}]}],
                 "systemInstruction":{"parts":[{"text":"Answer in one sentence."}]},
                 "generationConfig":{"maxOutputTokens":256}}"""), body(request));
    }

    @Test
    void geminiStreamUsesSseEndpointAndOmitsSystemInstructionWhenNull() throws Exception {
        fake.replyRecorded(Provider.GEMINI, true);
        client.stream(Provider.GEMINI, key(Provider.GEMINI), "gemini-2.5-flash", NO_SYSTEM, delta -> { });

        LoggedRequest request = onlyRequest(Provider.GEMINI);
        assertEquals("/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", request.getUrl());
        assertEquals(JSON.readTree("""
                {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],"generationConfig":{"maxOutputTokens":64}}"""),
                body(request));
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
