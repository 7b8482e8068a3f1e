package com.sprintrr.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.sprintrr.platform.problem.ProblemResponses;
import com.sprintrr.platform.problem.Problems;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Guards {@code /internal/**} with the shared service token ({@code sprintrr.internal-token}),
 * compared in constant time. A user JWT never matches it, so it never opens an internal path.
 */
@ApplicationScoped
public class InternalToken {

    /** The shortest token accepted outside dev and test: a guessable token is no token. */
    static final int MIN_LENGTH = 24;

    private final byte[] expected;

    InternalToken(@ConfigProperty(name = "sprintrr.internal-token") Optional<String> token) {
        this.expected = token.map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    void refuseToStartWithout(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL
                && (expected == null || expected.length - "Bearer ".length() < MIN_LENGTH)) {
            throw new IllegalStateException("sprintrr.internal-token (SPRINTRR_INTERNAL_TOKEN) must be set to at least "
                    + MIN_LENGTH + " characters outside dev and test; refusing to start.");
        }
    }

    @ServerRequestFilter(preMatching = true, priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/internal/") && !path.equals("/internal")) {
            return Optional.empty();
        }
        String presented = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (expected != null && presented != null
                && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(ProblemResponses.of(401, Problems.UNAUTHENTICATED, "Unauthenticated",
                "Internal endpoints need the service token."));
    }
}
