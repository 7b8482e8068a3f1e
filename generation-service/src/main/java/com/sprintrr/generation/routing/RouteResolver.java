package com.sprintrr.generation.routing;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.keys.ByokCredential;
import com.sprintrr.generation.keys.KeyGateway;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.PlatformKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderTarget;

import io.quarkus.logging.Log;

/**
 * Decides the source, provider, model and key of a generation. Source = the request's, else
 * byok when BYOK is on, else credits. "BYOK on" is read from key-service's credential endpoint
 * itself (409 byok_disabled = off), so the default path costs one call and cannot race a
 * settings read; with key-service down the request fails (503) rather than guessing credits.
 */
@ApplicationScoped
public class RouteResolver {

    private final KeyGateway keys;
    private final GenerationConfig config;
    /** The credits route of each mode whose provider has a platform key. */
    private final Map<Mode, Route> creditsRoutes = new EnumMap<>(Mode.class);

    @Inject
    RouteResolver(KeyGateway keys, PlatformKeys platformKeys, GenerationConfig config) {
        this.keys = keys;
        this.config = config;
        // Modes and platform keys are fixed configuration: each mode's route is built once, not per request.
        for (Mode mode : Mode.values()) {
            GenerationConfig.Target target = target(mode);
            platformKeys.platformKey(target.provider()).ifPresent(key -> creditsRoutes.put(mode,
                    Route.credits(mode, new ProviderTarget(target.provider(), target.model(), ApiKey.of(key)))));
        }
    }

    public Route resolve(String accountId, GenerationRequest request) {
        if (request.source() == Source.CREDITS) {
            return credits(request.mode());
        }
        if (request.source() == Source.BYOK) {
            return Route.byok(keys.credential(accountId));
        }
        Optional<ByokCredential> credential = keys.credentialIfEnabled(accountId);
        return credential.isPresent() ? Route.byok(credential.get()) : credits(request.mode());
    }

    /** The mode's route; 503 credits_path_unavailable when its provider has no platform key. */
    private Route credits(Mode requested) {
        Mode mode = requested != null ? requested : defaultMode();
        Route route = creditsRoutes.get(mode);
        if (route == null) {
            Provider provider = target(mode).provider();
            Log.errorf("No platform key for %s (sprintrr.providers.%s.platform-key): the credits path is down",
                    provider.id(), provider.id());
            throw GenerationProblems.creditsPathUnavailable();
        }
        return route;
    }

    /** The mode the credits path uses when the request names none. */
    public Mode defaultMode() {
        return config.modes().defaultMode();
    }

    private GenerationConfig.Target target(Mode mode) {
        return mode == Mode.SPEED ? config.modes().speed() : config.modes().quality();
    }
}
