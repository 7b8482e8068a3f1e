package com.sprintrr.generation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.PromisedMetrics;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the README, the alert rules and the dashboard name for generation-service
 * (deploy/monitoring/metrics.txt) is served on /q/metrics once the service has done one generation.
 */
@QuarkusTest
class MetricsTest extends GenerationTestBase {

    @Test
    void servesEveryPromisedMetric() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        providers.replyRecorded(Provider.OPENAI, false);
        generate(account, body("Hello", null, null)).then().statusCode(200);
        // The circuit breakers guard only the credits path (BYOK failures must not open them), so
        // their meters exist once a credits generation ran.
        String payer = creditsOnlyAccount();
        providers.replyRecorded(Provider.ANTHROPIC, false);
        generate(payer, body("Hello", "credits", "quality")).then().statusCode(200);

        // Some meters appear only once their client exists (the outbox producer, the breakers).
        PromisedMetrics.assertAllExposed("generation-service", Duration.ofSeconds(60));
    }
}
