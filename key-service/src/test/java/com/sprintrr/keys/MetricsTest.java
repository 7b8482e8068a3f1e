package com.sprintrr.keys;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.PromisedMetrics;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the README, the alert rules and the dashboard name for key-service
 * (deploy/monitoring/metrics.txt) is served on /q/metrics once one key has been validated.
 */
@QuarkusTest
class MetricsTest extends KeyServiceTestBase {

    @Test
    void servesEveryPromisedMetric() {
        String key = acceptedKey(Provider.OPENAI);
        Api.saveKey(TestKeys.account(), Provider.OPENAI, key).statusCode(200);

        PromisedMetrics.assertAllExposed("key-service", Duration.ofSeconds(30));
    }
}
