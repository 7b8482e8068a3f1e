package com.sprintrr.generation.domain;

import java.time.Duration;

import com.sprintrr.platform.problem.ProblemException;

/**
 * The problems this service answers with, one stable code each (see the module README); the codes
 * every service shares (invalid_request, internal_error, ...) come from platform {@code Problems}.
 */
public final class GenerationProblems {

    public static final String INSUFFICIENT_CREDITS = "insufficient_credits";
    public static final String BYOK_DISABLED = "byok_disabled";
    public static final String BYOK_KEY_REJECTED = "byok_key_rejected";
    public static final String BYOK_KEY_UNREADABLE = "byok_key_unreadable";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
    public static final String IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use";
    public static final String PROVIDER_RATE_LIMITED = "provider_rate_limited";
    public static final String PROVIDER_ERROR = "provider_error";
    public static final String PROVIDER_TIMEOUT = "provider_timeout";
    public static final String KEY_SERVICE_UNAVAILABLE = "key_service_unavailable";
    public static final String CREDIT_SERVICE_UNAVAILABLE = "credit_service_unavailable";
    public static final String CREDITS_PATH_UNAVAILABLE = "credits_path_unavailable";
    public static final String GENERATION_NOT_FOUND = "generation_not_found";
    public static final String GENERATION_INTERRUPTED = "generation_interrupted";
    public static final String GENERATION_OUTCOME_UNKNOWN = "generation_outcome_unknown";
    public static final String SERVICE_SHUTTING_DOWN = "service_shutting_down";

    private GenerationProblems() {
    }

    public static ProblemException insufficientCredits(Long available, Long required) {
        ProblemException problem = new ProblemException(402, INSUFFICIENT_CREDITS, "Insufficient credits",
                "Not enough credits for this generation; nothing was charged.");
        if (available != null) {
            problem.with("available", available);
        }
        if (required != null) {
            problem.with("required", required);
        }
        return problem;
    }

    public static ProblemException byokDisabled() {
        return new ProblemException(409, BYOK_DISABLED, "BYOK is disabled",
                "Bring Your Own Key is off or has no active provider for this account.");
    }

    public static ProblemException byokKeyRejected() {
        return new ProblemException(422, BYOK_KEY_REJECTED, "Your key was rejected",
                "The provider refused your API key; nothing was charged. Replace the key or switch the source to credits.");
    }

    /** Permanent until the user acts, so no Retry-After: retrying cannot decrypt the stored key. */
    public static ProblemException byokKeyUnreadable() {
        return new ProblemException(422, BYOK_KEY_UNREADABLE, "Your stored key cannot be used",
                "Your saved API key can no longer be read on our side; nothing was charged. Save the key again "
                        + "in your BYOK settings, or switch the source to credits.");
    }

    public static ProblemException idempotencyKeyReused() {
        return new ProblemException(422, IDEMPOTENCY_KEY_REUSED, "Idempotency key reused",
                "This Idempotency-Key was already used with a different request body.");
    }

    public static ProblemException idempotencyKeyInUse() {
        return new ProblemException(409, IDEMPOTENCY_KEY_IN_USE, "Request in progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.")
                .with("retryAfterSeconds", 1);
    }

    public static ProblemException providerRateLimited(Duration retryAfter, boolean quotaExhausted) {
        ProblemException problem = new ProblemException(429, PROVIDER_RATE_LIMITED, "Provider rate limit",
                quotaExhausted ? "The provider reports that the account's quota is exhausted."
                        : "The provider is rate limiting requests; retry later.");
        if (retryAfter != null) {
            problem.with("retryAfterSeconds", seconds(retryAfter));
        }
        return problem;
    }

    public static ProblemException providerError() {
        return new ProblemException(502, PROVIDER_ERROR, "Provider error",
                "The AI provider failed to answer; try again.");
    }

    public static ProblemException providerCircuitOpen(Duration retryAfter) {
        return providerError().with("retryAfterSeconds", seconds(retryAfter));
    }

    public static ProblemException providerTimeout() {
        return new ProblemException(504, PROVIDER_TIMEOUT, "Provider timeout",
                "The AI provider did not answer in time.");
    }

    public static ProblemException keyServiceUnavailable() {
        return new ProblemException(503, KEY_SERVICE_UNAVAILABLE, "BYOK settings unavailable",
                "Your BYOK settings could not be read right now; nothing was charged. Try again shortly.")
                .with("retryAfterSeconds", 2);
    }

    public static ProblemException creditServiceUnavailable() {
        return new ProblemException(503, CREDIT_SERVICE_UNAVAILABLE, "Credits unavailable",
                "Credits could not be checked right now; nothing was charged. Try again shortly.")
                .with("retryAfterSeconds", 2);
    }

    public static ProblemException creditsPathUnavailable() {
        return new ProblemException(503, CREDITS_PATH_UNAVAILABLE, "Credits path unavailable",
                "Generations paid with credits are not available right now; nothing was charged.");
    }

    /**
     * The generation could not be completed and recorded (its instance stopped or crashed, or the
     * database refused the record): it is recorded as failed, nothing is charged, the
     * Idempotency-Key is free again.
     */
    public static ProblemException generationInterrupted() {
        return new ProblemException(503, GENERATION_INTERRUPTED, "Generation interrupted",
                "The generation could not be completed; nothing was charged. Try again.")
                .with("retryAfterSeconds", 2);
    }

    /**
     * The provider answered, but the database stopped answering while the generation was being
     * recorded, after the record may have reached it: the generation ends either recorded as
     * succeeded (and charged, on credits) when that write completes, or as interrupted (nothing
     * charged) when its lease expires. Neither can be promised now, so the client is told where the
     * truth will be: the generation by id, or a retry with the same Idempotency-Key (409 while it is
     * undecided, then its outcome, or a fresh attempt if it was interrupted).
     */
    public static ProblemException generationOutcomeUnknown(int decidedWithinSeconds) {
        return new ProblemException(503, GENERATION_OUTCOME_UNKNOWN, "Generation outcome unknown",
                "The generation ran, but our database stopped answering while we recorded it. Within "
                        + decidedWithinSeconds + " seconds it is recorded either as succeeded (charged if paid with"
                        + " credits) or as interrupted (nothing charged): look it up by generationId, or retry with"
                        + " the same Idempotency-Key, before generating again.")
                .with("retryAfterSeconds", decidedWithinSeconds);
    }

    public static ProblemException serviceShuttingDown() {
        return new ProblemException(503, SERVICE_SHUTTING_DOWN, "Shutting down",
                "This instance is shutting down; nothing was charged. Try again.")
                .with("retryAfterSeconds", 1);
    }

    public static ProblemException generationNotFound() {
        return new ProblemException(404, GENERATION_NOT_FOUND, "Not found", "No such generation.");
    }

    /**
     * The problem a recorded final failure is replayed as (same status and code as the first
     * answer). Only final failures are replayed (Generation.replayable()); today that is
     * byok_key_rejected.
     */
    public static ProblemException replayed(int status, String code) {
        if (BYOK_KEY_REJECTED.equals(code)) {
            return byokKeyRejected();
        }
        return new ProblemException(status, code, "Generation failed", "The generation failed; see its code.");
    }

    private static long seconds(Duration duration) {
        long millis = duration.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
