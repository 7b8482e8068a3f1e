package com.sprintrr.generation.routing;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.keys.ByokCredential;
import com.sprintrr.generation.keys.KeyGateway;
import com.sprintrr.providers.PlatformKeys;
import com.sprintrr.providers.Provider;

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
    private final PlatformKeys platformKeys;
    private final GenerationConfig config;

    @Inject
    RouteResolver(KeyGateway keys, PlatformKeys platformKeys, GenerationConfig config) {
        this.keys = keys;
        this.platformKeys = platformKeys;
        this.config = config;
    }

    public Route resolve(String accountId, GenerationRequest request) {
        if (request.source() == Source.CREDITS) {
            return credits(request.mode());
        }
        if (request.source() == Source.BYOK) {
            return byok(keys.credential(accountId));
        }
        Optional<ByokCredential> credential = keys.credentialIfEnabled(accountId);
        return credential.isPresent() ? byok(credential.get()) : credits(request.mode());
    }

    private static Route byok(ByokCredential credential) {
        return Route.byok(credential.provider(), credential.model(), credential.apiKey(), credential.keyVersion());
    }

    private Route credits(Mode requested) {
        Mode mode = requested != null ? requested : defaultMode();
        GenerationConfig.Target target = target(mode);
        Provider provider = Provider.fromId(target.provider()).orElseThrow(() -> {
            Log.errorf("sprintrr.generation.modes.%s.provider is not a known provider", mode.id());
            return GenerationProblems.creditsPathUnavailable();
        });
        String key = platformKeys.platformKey(provider).orElseThrow(() -> {
            Log.errorf("No platform key for %s (sprintrr.providers.%s.platform-key): the credits path is down",
                    provider.id(), provider.id());
            return GenerationProblems.creditsPathUnavailable();
        });
        return Route.credits(mode, provider, target.model(), key);
    }

    /** The mode the credits path uses when the request names none. */
    public Mode defaultMode() {
        return Mode.fromId(config.modes().defaultMode()).orElse(Mode.QUALITY);
    }

    public GenerationConfig.Target target(Mode mode) {
        return mode == Mode.SPEED ? config.modes().speed() : config.modes().quality();
    }
}
