package com.sprintrr.generation.outbox;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import com.sprintrr.generation.config.GenerationConfig;

import io.smallrye.health.api.Wellness;

/**
 * The outbox backlog as a wellness check ({@code /q/health/well}), deliberately not a readiness
 * check: while Kafka is down generations must keep completing, so the pod must stay ready.
 */
@Wellness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    private final OutboxRelay relay;
    private final Duration maxLag;

    @Inject
    OutboxHealth(OutboxRelay relay,
            GenerationConfig config) {
        this.relay = relay;
        this.maxLag = config.outbox().maxHealthyLag();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox")
                .status(relay.oldestAgeSeconds() <= maxLag.toSeconds())
                .withData("backlog", relay.backlog())
                .withData("oldestAgeSeconds", relay.oldestAgeSeconds())
                .withData("kafka", relay.kafkaFailing() ? "failing" : "ok")
                .build();
    }
}
