package com.sprintrr.credits.messaging;

/** Topic, channel and header names of credit-service's messaging, in one place. */
public final class Topics {

    /** Produced by generation-service (record key = account id), consumed here. */
    public static final String GENERATION_COMPLETED = "generation-completed";
    /** Records this service could not use, with the reason in {@link #REASON_HEADER}. */
    public static final String GENERATION_COMPLETED_DLQ = "generation-completed.dlq";

    /** Incoming channel reading {@link #GENERATION_COMPLETED} (see application.properties). */
    public static final String GENERATION_COMPLETED_CHANNEL = "generation-completed";
    /** Outgoing channel writing {@link #GENERATION_COMPLETED_DLQ}. */
    public static final String DEAD_LETTER_CHANNEL = "generation-completed-dlq";

    /**
     * The dead letter's identity ({@code topic/partition/offset} of the original record): equal on
     * every copy, so readers drop duplicates by it.
     */
    public static final String DEAD_LETTER_ID_HEADER = "dlq-id";
    /** Why the record was dead-lettered: a stable code, a colon, the field concerned. */
    public static final String REASON_HEADER = "dlq-reason";
    public static final String ORIGINAL_TOPIC_HEADER = "dlq-original-topic";
    public static final String ORIGINAL_PARTITION_HEADER = "dlq-original-partition";
    public static final String ORIGINAL_OFFSET_HEADER = "dlq-original-offset";

    private Topics() {
    }
}
