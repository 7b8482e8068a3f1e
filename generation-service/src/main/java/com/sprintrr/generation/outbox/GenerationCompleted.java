package com.sprintrr.generation.outbox;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sprintrr.generation.persistence.Generation;

/**
 * The {@code generation-completed} event exactly as ARCHITECTURE.md defines it. Never a key, a
 * hint or a prompt. mode is written as JSON null on the byok path. Additive fields (consumers ignore
 * unknown ones): errorCode, the contract's code of a failed generation (null on success), and
 * keyVersion, the version of the user's key a byok generation ran with (null on credits), so
 * key-service can ignore events about a key that was since replaced.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GenerationCompleted(String eventId, String generationId, String accountId, String source, String status,
        String provider, String model, String mode, Usage usage, String occurredAt, String errorCode,
        Long keyVersion) {

    /** Token usage as reported by the provider (0 when the generation failed). */
    public record Usage(long inputTokens, long outputTokens) {
    }

    /** The event of a recorded generation; eventId is minted once by the caller and stored with the row. */
    static GenerationCompleted of(UUID eventId, Generation g) {
        return new GenerationCompleted(eventId.toString(), g.id().toString(), g.accountId(), g.source(),
                g.status(), g.provider(), g.model(), g.mode(), new Usage(g.inputTokens(), g.outputTokens()),
                rfc3339(g.completedAt()), g.errorCode(), g.keyVersion());
    }

    private static String rfc3339(Instant instant) {
        return instant.toString();
    }
}
