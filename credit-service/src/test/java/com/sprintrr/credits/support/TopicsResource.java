package com.sprintrr.credits.support;

import java.util.Map;

import com.sprintrr.credits.messaging.Topics;
import com.sprintrr.testing.EmbeddedKafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Creates the service's topics (4 partitions, like production) before the application subscribes. */
public class TopicsResource implements QuarkusTestResourceLifecycleManager {

    public static final int PARTITIONS = 4;

    @Override
    public Map<String, String> start() {
        EmbeddedKafka.createTopics(PARTITIONS, Topics.GENERATION_COMPLETED, Topics.GENERATION_COMPLETED_DLQ);
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
