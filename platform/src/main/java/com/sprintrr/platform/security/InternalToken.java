package com.sprintrr.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
 *
 * <p>{@code sprintrr.internal-token-also-accepted} names one more token that opens internal paths
 * but is never sent, so the token can be rotated without a window of 401s: first every service
 * also accepts the new token, then every service sends it (and still accepts the old one), then
 * the old one is dropped (runbook in deploy/vault/README.md).
 */
@ApplicationScoped
public class InternalToken {

    /** The shortest token accepted outside dev and test: a guessable token is no token. */
    static final int MIN_LENGTH = 24;

    private static final String BEARER = "Bearer ";

    /** The accepted tokens, the current one first; none without a current token. */
    private final List<String> tokens;
    private final List<byte[]> accepted;

    InternalToken(@ConfigProperty(name = "sprintrr.internal-token") Optional<String> token,
            @ConfigProperty(name = "sprintrr.internal-token-also-accepted") Optional<String> alsoAccepted) {
        Optional<String> current = usable(token);
        // Without a current token nothing is accepted: the also-accepted one only ever joins it.
        this.tokens = current.isEmpty() ? List.of()
                : Stream.concat(current.stream(), usable(alsoAccepted).stream()).toList();
        this.accepted = tokens.stream().map(t -> (BEARER + t).getBytes(StandardCharsets.UTF_8)).toList();
    }

    void refuseToStartWithout(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            startupRefusal().ifPresent(reason -> {
                throw new IllegalStateException(reason);
            });
        }
    }

    /** Why a production start must be refused, if it must. */
    Optional<String> startupRefusal() {
        if (!tokens.isEmpty() && tokens.stream().allMatch(t -> t.length() >= MIN_LENGTH)) {
            return Optional.empty();
        }
        return Optional.of("sprintrr.internal-token (SPRINTRR_INTERNAL_TOKEN), and sprintrr.internal-token-also-accepted"
                + " when set, must be at least " + MIN_LENGTH + " characters outside dev and test; refusing to start.");
    }

    /** Whether an Authorization header value carries an accepted token; every candidate is compared, in constant time. */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        byte[] presented = authorization.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] candidate : accepted) {
            match |= MessageDigest.isEqual(candidate, presented);
        }
        return match;
    }

    private static Optional<String> usable(Optional<String> token) {
        return token.map(String::strip).filter(t -> !t.isEmpty());
    }

    @ServerRequestFilter(preMatching = true, priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/internal/") && !path.equals("/internal")) {
            return Optional.empty();
        }
        if (accepts(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Optional.empty();
        }
        return Optional.of(ProblemResponses.of(401, Problems.UNAUTHENTICATED, "Unauthenticated",
                "Internal endpoints need the service token."));
    }
}
