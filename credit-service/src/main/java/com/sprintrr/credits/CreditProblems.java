package com.sprintrr.credits;

import java.util.Collection;

import com.sprintrr.platform.problem.ProblemException;

/**
 * The problems credit-service answers with, one stable code each (see the module README). The
 * platform's {@code Problems} and {@code DatabaseUnavailable} own {@code invalid_request},
 * {@code internal_error} and {@code database_unavailable}.
 */
public final class CreditProblems {

    public static final String INSUFFICIENT_CREDITS = "insufficient_credits";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";
    public static final String UNKNOWN_PLAN = "unknown_plan";
    public static final String GENERATION_CONFLICT = "generation_conflict";
    public static final String GENERATION_SETTLED = "generation_settled";

    private CreditProblems() {
    }

    /** 402 with what is available and what was required. */
    public static ProblemException insufficientCredits(long available, long required) {
        return new ProblemException(402, INSUFFICIENT_CREDITS, "Insufficient credits",
                "This needs " + required + " credits; " + Math.max(available, 0) + " are available.")
                .with("available", available)
                .with("required", required);
    }

    /** 422: an Idempotency-Key sent again with another body (as generation-service uses the code). */
    public static ProblemException idempotencyKeyReused() {
        return new ProblemException(422, IDEMPOTENCY_KEY_REUSED, "Idempotency key reused",
                "This Idempotency-Key was used for a grant with another body.");
    }

    /** 400: a plan change to a plan that is not configured; names the ones that are. */
    public static ProblemException unknownPlan(Collection<String> plans) {
        return new ProblemException(400, UNKNOWN_PLAN, "Unknown plan", "Plans are " + String.join(", ", plans) + ".");
    }

    /** 409: another account already holds this generation id. */
    public static ProblemException generationConflict() {
        return new ProblemException(409, GENERATION_CONFLICT, "Generation conflict",
                "This generation id already has a hold on another account.");
    }

    /** 409: the generation's event was settled without a hold, so a hold now would hold nothing. */
    public static ProblemException generationSettled() {
        return new ProblemException(409, GENERATION_SETTLED, "Generation already settled",
                "This generation has already been settled; it takes no hold.");
    }
}
