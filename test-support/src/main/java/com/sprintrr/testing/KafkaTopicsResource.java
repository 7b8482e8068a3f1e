package com.sprintrr.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Creates topics on the embedded broker before the application subscribes (as production creates
 * them ahead, see deploy/kafka/topics.md), so a consumer is assigned every partition at once instead
 * of discovering auto-created ones minutes later. initArgs: {@code topics} (comma list), {@code partitions} (4).
 */
public class KafkaTopicsResource implements QuarkusTestResourceLifecycleManager {

    /** Partitions per topic unless initArgs say otherwise: as many as production. */
    public static final int DEFAULT_PARTITIONS = 4;

    private String[] topics = new String[0];
    private int partitions = DEFAULT_PARTITIONS;

    @Override
    public void init(Map<String, String> initArgs) {
        topics = initArgs.getOrDefault("topics", "").split(",");
        partitions = Integer.parseInt(initArgs.getOrDefault("partitions", String.valueOf(DEFAULT_PARTITIONS)));
    }

    @Override
    public Map<String, String> start() {
        EmbeddedKafka.createTopics(partitions, topics);
        return Map.of();
    }

    @Override
    public void stop() {
        // Topics live as long as the shared broker.
    }
}
