package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sprintrr.providers.fake.Recorded;
import org.junit.jupiter.api.Test;

/** Streamed usage is cumulative everywhere: the latest figure replaces the earlier ones. */
class StreamUsageTest extends AgainstFake {

    @Test
    void anthropicMessageDeltaOutputTokensReplaceTheStartFigureInsteadOfAddingToIt() {
        fake.replyRecorded(Provider.ANTHROPIC, true);

        // message_start says 1 output token, message_delta 6: the answer is 6, not 7.
        assertEquals(new Usage(11, 6), streamedUsage(Provider.ANTHROPIC));
    }

    @Test
    void anthropicRepeatedMessageDeltasKeepTheLastTotalsIncludingInputTokens() {
        fake.replyGeneration(Provider.ANTHROPIC, true, """
                event: message_start
                data: {"type":"message_start","message":{"model":"claude-sonnet-4-6","usage":{"input_tokens":11,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                event: message_delta
                data: {"type":"message_delta","delta":{},"usage":{"input_tokens":15,"output_tokens":3}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}

                event: message_stop
                data: {"type":"message_stop"}

                """);

        assertEquals(new Usage(15, 9), streamedUsage(Provider.ANTHROPIC));
    }

    @Test
    void geminiLastChunkUsageWinsOverEarlierChunks() {
        fake.replyRecorded(Provider.GEMINI, true);

        // promptTokenCount is 8, 8, then 7: neither the first figure nor a sum.
        assertEquals(Recorded.GEMINI_STREAM_USAGE, streamedUsage(Provider.GEMINI));
        assertEquals(new Usage(7, 8), Recorded.GEMINI_STREAM_USAGE);
    }

    @Test
    void geminiThinkingTokensCountAsOutputAndThoughtPartsAreNotText() {
        fake.replyGeneration(Provider.GEMINI, false, """
                {"candidates":[{"content":{"parts":[{"text":"Weighing the options","thought":true},\
                {"text":"Paris."}],"role":"model"},"finishReason":"STOP"}],\
                "usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"thoughtsTokenCount":40,\
                "totalTokenCount":49},"modelVersion":"gemini-2.5-flash"}""");

        Completion completion = client.generate(Provider.GEMINI, key(Provider.GEMINI), "gemini-2.5-flash", PROMPT);

        assertEquals(new Completion("Paris.", new Usage(7, 42), "gemini-2.5-flash"), completion);
    }

    @Test
    void openaiUsageComesFromTheLastChunkWithoutChoices() {
        fake.replyRecorded(Provider.OPENAI, true);

        assertEquals(new Usage(79, 1), streamedUsage(Provider.OPENAI));
    }

    private Usage streamedUsage(Provider provider) {
        return client.stream(provider, key(provider), model(provider), PROMPT, delta -> { }).usage();
    }
}
