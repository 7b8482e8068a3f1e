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

    /** The generations table's columns in the order {@code GenerationRepository.read} and the record statement use. */
    public static final String COLUMNS = "id, account_id, source, provider, model, mode, status, text, prompt,"
            + " input_tokens, output_tokens, credits_charged, error_code, error_status, created_at, completed_at, key_version";

    /** {@link #replayable()} as SQL over a generations row aliased g. */
    static final String REPLAYABLE_SQL = "(g.status = 'succeeded' OR (g.error_status BETWEEN 400 AND 499"
            + " AND g.error_status <> 429))";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    /**
     * Whether this is a final outcome, replayed under its Idempotency-Key: a success, or a failure
     * that trying again cannot change (a 4xx other than 429, e.g. byok_key_rejected). Retryable
     * failures (429, 5xx) free the key so the client's retry makes a real attempt.
     */
    public boolean replayable() {
        return succeeded() || isFinalFailure(errorStatus);
    }

    /** Whether a failure with this HTTP status is final (see {@link #replayable()}). */
    public static boolean isFinalFailure(Integer status) {
        return status != null && status >= 400 && status < 500 && status != 429;
    }

    /**
     * Text as PostgreSQL can store it: a text value cannot hold U+0000, which a model may emit, so
     * it becomes U+FFFD (the replacement character) rather than losing the whole answer.
     */
    public static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
