package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sprintrr.providers.ProviderException.Kind;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.Recorded;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A stream that fails partway, and a caller that stops it. */
class StreamFailureTest extends AgainstFake {

    private static final String ANTHROPIC_START = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude-sonnet-4-6","usage":{"input_tokens":11,"output_tokens":1}}}

            """;
    private static final String ANTHROPIC_DELTA = """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            """;

    @Test
    void anthropicOverloadedErrorEventAfterADeltaIsUnavailableAfterFirstDelta() {
        List<String> deltas = new ArrayList<>();
        fake.replyGeneration(Provider.ANTHROPIC, true, ANTHROPIC_START + ANTHROPIC_DELTA + """
                event: error
                data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

                """);

        ProviderException failure = streamFailure(Provider.ANTHROPIC, deltas);

        assertEquals(Kind.UNAVAILABLE, failure.kind());
        assertTrue(failure.afterFirstDelta());
        assertEquals(List.of("Hello"), deltas);
    }

    @Test
    void anthropicRateLimitErrorEventBeforeAnyDeltaIsRateLimitedNotAfterFirstDelta() {
        List<String> deltas = new ArrayList<>();
        fake.replyGeneration(Provider.ANTHROPIC, true, ANTHROPIC_START + """
                event: error
                data: {"type": "error", "error": {"type": "rate_limit_error", "message": "Slow down"}}

                """);

        ProviderException failure = streamFailure(Provider.ANTHROPIC, deltas);

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertFalse(failure.afterFirstDelta());
        assertTrue(deltas.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void streamEndingWithoutItsFinalEventIsUnavailableAfterFirstDelta(Provider provider) {
        List<String> deltas = new ArrayList<>();
        fake.replyTruncatedStream(provider);

        ProviderException failure = streamFailure(provider, deltas);

        assertEquals(Kind.UNAVAILABLE, failure.kind());
        assertTrue(failure.afterFirstDelta());
        assertFalse(deltas.isEmpty());
        assertEquals(Recorded.streamDeltas(provider).subList(0, deltas.size()), deltas);
    }

    @Test
    void malformedEventAfterADeltaIsProtocolAfterFirstDelta() {
        List<String> deltas = new ArrayList<>();
        fake.replyGeneration(Provider.OPENAI, true, """
                data: {"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hi"}}]}

                data: {"model":"gpt-4o-mini","choices":[{"index":0,"delta

                data: [DONE]

                """);

        ProviderException failure = streamFailure(Provider.OPENAI, deltas);

        assertEquals(Kind.PROTOCOL, failure.kind());
        assertTrue(failure.afterFirstDelta());
    }

    @Test
    void errorStatusOnAStreamIsNotAfterFirstDelta() {
        List<String> deltas = new ArrayList<>();
        fake.failGeneration(ProviderError.GEMINI_OVERLOADED);

        ProviderException failure = streamFailure(Provider.GEMINI, deltas);

        assertEquals(Kind.UNAVAILABLE, failure.kind());
        assertEquals(503, failure.httpStatus());
        assertFalse(failure.afterFirstDelta());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void throwingConsumerStopsTheStreamAndItsExceptionIsRethrownUnchanged(Provider provider) {
        List<String> deltas = new ArrayList<>();
        fake.replyRecorded(provider, true);
        IllegalStateException disconnected = new IllegalStateException("client went away");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> client.stream(provider, key(provider), model(provider), PROMPT, delta -> {
                    deltas.add(delta);
                    throw disconnected;
                }));

        assertSame(disconnected, thrown);
        assertEquals(0, thrown.getSuppressed().length);
        assertEquals(List.of(Recorded.streamDeltas(provider).get(0)), deltas);
    }

    @Test
    void providerExceptionThrownByTheConsumerIsNotTakenForTheProvidersOwn() {
        fake.replyRecorded(Provider.ANTHROPIC, true);
        ProviderException callers = new ProviderException(Provider.OPENAI, Kind.BAD_REQUEST, 0, null, false, "mine");

        ProviderException thrown = assertThrows(ProviderException.class,
                () -> client.stream(Provider.ANTHROPIC, key(Provider.ANTHROPIC), "claude-sonnet-4-6", PROMPT, delta -> {
                    throw callers;
                }));

        assertSame(callers, thrown);
    }

    private ProviderException streamFailure(Provider provider, List<String> deltas) {
        return assertThrows(ProviderException.class,
                () -> client.stream(provider, key(provider), model(provider), PROMPT, deltas::add));
    }
}
