package com.sprintrr.generation.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded generation. mode is null on the byok path; text is null and errorCode/errorStatus
 * set when it failed; prompt is null unless prompts are stored (see the README). keyVersion is the
 * version of the user's key on the byok path (key-service's credential), null on the credits path.
 */
public record Generation(UUID id, String accountId, String source, String provider, String model, String mode,
        String status, String text, String prompt, long inputTokens, long outputTokens, long creditsCharged,
        String errorCode, Integer errorStatus, Instant createdAt, Instant completedAt, Long keyVersion) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
