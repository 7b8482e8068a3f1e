package com.sprintrr.generation.routing;

import java.time.Duration;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.providers.ProviderException;

import io.quarkus.logging.Log;

/** Maps a failed provider call to the contract's problem for the path it was on. */
final class ProviderFailures {

    private ProviderFailures() {
    }

    static ProblemException problem(Route route, RuntimeException failure, Duration circuitDelay) {
        if (failure instanceof CircuitBreakerOpenException) {
            return GenerationProblems.providerCircuitOpen(circuitDelay);
        }
        ProviderException e = (ProviderException) failure;
        switch (e.kind()) {
            case KEY_REJECTED:
                if (route.source() == Source.BYOK) {
                    return GenerationProblems.byokKeyRejected();
                }
                Log.errorf("%s refused the platform key (credits path): check sprintrr.providers.%s.platform-key",
                        route.provider().id(), route.provider().id());
                return GenerationProblems.providerError();
            case RATE_LIMITED:
                return GenerationProblems.providerRateLimited(e.retryAfter().orElse(null), false);
            case QUOTA_EXHAUSTED:
                return GenerationProblems.providerRateLimited(null, true);
            case TIMEOUT:
                return GenerationProblems.providerTimeout();
            case BAD_REQUEST:
                Log.warnf("%s refused a generation request (HTTP %d) for model %s", route.provider().id(),
                        e.httpStatus(), route.model());
                return GenerationProblems.providerError();
            default:
                return GenerationProblems.providerError();
        }
    }
}
