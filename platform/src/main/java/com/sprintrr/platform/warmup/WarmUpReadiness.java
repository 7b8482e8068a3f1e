package com.sprintrr.platform.warmup;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the start-up warm-up has finished or run out of time, so a pod that says ready is warm. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    private final WarmUp warmUp;

    @Inject
    WarmUpReadiness(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        WarmUp.State state = warmUp.state();
        return HealthCheckResponse.named("warm-up").status(state != WarmUp.State.RUNNING)
                .withData("state", state.name().toLowerCase().replace('_', '-')).build();
    }
}
