package com.sprintrr.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated users saw, as a client can know it: each generation attempt and its answer,
 * the grants and plans they asked for. The checker holds the system to these observations.
 */
final class Journal {

    /** How one HTTP attempt at a generation ended, from the client's side. */
    enum Outcome {
        /** 200 (or a stream's completed event) with a generation id. */
        SUCCEEDED,
        /** A problem answer (or a stream's error event); generationId when the body named one. */
        FAILED,
        /**
         * The client gave up (disconnect, timeout, connection error), or the service answered
         * {@code generation_outcome_unknown}: the system may or may not have run or charged it.
         */
        UNKNOWN
    }

    /**
     * One attempt. token is unique per logical request and travels in the prompt, so the provider
     * fake can attribute its calls; idempotencyKey is null when the user sent none.
     */
    record Attempt(String accountId, String token, String idempotencyKey, boolean stream, Outcome outcome,
            int status, String code, String generationId, String source, long creditsCharged) {
    }

    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Map<String, Set<String>> plans = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> grantsAsked = new ConcurrentHashMap<>();
    final AtomicLong operations = new AtomicLong();

    void attempt(Attempt attempt) {
        attempts.add(attempt);
    }

    List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    /** A plan the account may have held (asked for, whatever the answer). */
    void planAsked(String accountId, String plan) {
        plans.computeIfAbsent(accountId, a -> ConcurrentHashMap.newKeySet()).add(plan);
    }

    Set<String> plansAsked(String accountId) {
        return plans.getOrDefault(accountId, Set.of());
    }

    /** Credits of one grant request (one Idempotency-Key), counted once however often it was retried. */
    void grantAsked(String accountId, long credits) {
        grantsAsked.computeIfAbsent(accountId, a -> new AtomicLong()).addAndGet(credits);
    }

    long grantsAsked(String accountId) {
        AtomicLong asked = grantsAsked.get(accountId);
        return asked == null ? 0 : asked.get();
    }
}
