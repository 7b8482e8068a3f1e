package com.sprintrr.providers;

/** Reads one stream's events into text deltas and running usage; one instance per stream. */
// Usage figures are overwritten as they arrive: every provider reports them cumulatively.
abstract class StreamDecoder {

    private final Provider provider;
    private long inputTokens;
    private long outputTokens;
    private boolean usageSeen;
    private String model;
    private boolean complete;
    private boolean finished;

    StreamDecoder(Provider provider) {
        this.provider = provider;
    }

    /** Reads one event; returns the text it carries, "" when none. */
    abstract String accept(SseParser.Event event);

    /** True once nothing more needs reading (a terminator event was seen). */
    final boolean finished() {
        return finished;
    }

    /** The completion the stream described; fails when it ended early or never reported usage. */
    final Completion completion(String text) {
        if (!complete) {
            throw Failures.truncated(provider);
        }
        if (!usageSeen) {
            throw Failures.protocol(provider);
        }
        return new Completion(text, new Usage(inputTokens, outputTokens), model);
    }

    final Provider provider() {
        return provider;
    }

    /** Overwrites both counts with the running totals the provider reported. */
    final void reported(Usage usage) {
        inputTokens(usage.inputTokens());
        outputTokens(usage.outputTokens());
    }

    final void inputTokens(long tokens) {
        inputTokens = tokens;
        usageSeen = true;
    }

    final void outputTokens(long tokens) {
        outputTokens = tokens;
        usageSeen = true;
    }

    final void model(String reported) {
        if (reported != null) {
            model = reported;
        }
    }

    /** The provider said the answer is whole; the stream may still carry usage after this. */
    final void complete() {
        complete = true;
    }

    /** The provider said the answer is whole and nothing follows. */
    final void finish() {
        complete = true;
        finished = true;
    }

    /** An error the provider reported inside a 200 stream. */
    final ProviderException streamError(boolean rateLimited) {
        return Failures.streamError(provider, rateLimited);
    }
}
