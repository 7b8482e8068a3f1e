package com.sprintrr.generation.outbox;

/** Kafka topics this service produces to. */
public final class Topics {

    /** One record per recorded generation, key = accountId (so one account's events stay in order). */
    public static final String GENERATION_COMPLETED = "generation-completed";

    private Topics() {
    }
}
