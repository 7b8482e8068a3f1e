package com.sprintrr.generation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sprintrr.generation.persistence.Generation;

/** The answer to {@code POST /v1/generations} and the {@code completed} SSE event (mode is null on byok). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GenerationResponse(String id, String source, String provider, String model, String mode, String text,
        UsageBody usage, long creditsCharged) {

    /** Tokens the provider reported. */
    public record UsageBody(long inputTokens, long outputTokens) {
    }

    public static GenerationResponse of(Generation g) {
        return new GenerationResponse(g.id().toString(), g.source(), g.provider(), g.model(), g.mode(), g.text(),
                new UsageBody(g.inputTokens(), g.outputTokens()), g.succeeded() ? g.creditsCharged() : 0);
    }
}
