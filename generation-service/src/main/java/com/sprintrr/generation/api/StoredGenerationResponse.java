package com.sprintrr.generation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sprintrr.generation.persistence.Generation;

/** {@code GET /v1/generations/{id}}: the generation as recorded, failed ones included (no prompt, no key). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoredGenerationResponse(String id, String source, String provider, String model, String mode,
        String status, String text, GenerationResponse.UsageBody usage, long creditsCharged, String errorCode,
        String createdAt, String completedAt) {

    public static StoredGenerationResponse of(Generation g) {
        return new StoredGenerationResponse(g.id().toString(), g.source(), g.provider(), g.model(), g.mode(),
                g.status(), g.text(), new GenerationResponse.UsageBody(g.inputTokens(), g.outputTokens()),
                g.succeeded() ? g.creditsCharged() : 0, g.errorCode(), g.createdAt().toString(),
                g.completedAt().toString());
    }
}
