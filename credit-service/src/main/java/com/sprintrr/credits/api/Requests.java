package com.sprintrr.credits.api;

/** Bodies of the internal endpoints. Fields are checked by the resource, which names the bad one. */
public final class Requests {

    private Requests() {
    }

    /** {@code POST /internal/v1/accounts/{accountId}/holds}. */
    public record PlaceHold(String generationId, String mode) {
    }

    /** {@code POST /internal/v1/accounts/{accountId}/grants}. */
    public record Grant(Long credits, String reason) {
    }

    /** {@code PUT /internal/v1/accounts/{accountId}/plan}. */
    public record ChangePlan(String plan) {
    }
}
