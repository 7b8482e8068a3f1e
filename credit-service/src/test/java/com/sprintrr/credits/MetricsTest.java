package com.sprintrr.credits;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.testing.PromisedMetrics;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the README, the alert rules and the dashboard name for credit-service
 * (deploy/monitoring/metrics.txt) is served on /q/metrics once one event was settled and one
 * poison record dead-lettered (counters appear with their first increment), the consumer's lag included.
 */
@QuarkusTest
class MetricsTest {

    @Test
    void servesEveryPromisedMetric() {
        String account = Internal.newAccount();
        Internal.credits(account).then().statusCode(200);
        UUID generation = Internal.holdCreated(account, "speed");
        Kafka.send(account, GenerationEvents.credits(account, generation, "succeeded", "speed"));
        Kafka.send(account, "this is not an event");
        Kafka.awaitConsumed();

        PromisedMetrics.assertAllExposed("credit-service", Duration.ofSeconds(60));
    }
}
