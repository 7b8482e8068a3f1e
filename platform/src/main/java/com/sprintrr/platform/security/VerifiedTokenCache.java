package com.sprintrr.platform.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Remembers bearer tokens that passed verification, so the same token sent again (the web app's
 * backend does that all the time) skips the RS256 check and the JSON parsing, about a fifth of
 * generation-service's CPU at saturation. Quarkus authenticates through the {@link JWTParser} bean;
 * this alternative replaces smallrye-jwt's {@link DefaultJWTParser}, which it calls on every miss.
 * <p>
 * Only successes are remembered, keyed by the whole token string. A hit is served until the token's
 * {@code exp} (checked on every hit; after it the token is refused here, without the verifier's
 * clock-skew leeway) and at most {@code sprintrr.jwt.cache.ttl} after it was verified, so a key
 * change reaches cached tokens within the TTL. At {@code sprintrr.jwt.cache.max-entries} the map is
 * cleared: O(1), nothing to maintain per hit, and only signed tokens can fill it.
 */
@Alternative
@Priority(1)
@Singleton
public class VerifiedTokenCache implements JWTParser {

    private final DefaultJWTParser verifier;
    private final boolean enabled;
    final Duration ttl;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    /** Tokens verified in full (misses); tests read it to prove this is the parser in use. */
    final LongAdder verifications = new LongAdder();

    /** Tests move it forward instead of waiting for a token to expire. */
    volatile Clock clock = Clock.systemUTC();

    private record Verified(JsonWebToken jwt, long expiresAtMillis, long reverifyAtMillis) {
    }

    VerifiedTokenCache(DefaultJWTParser verifier,
            @ConfigProperty(name = "sprintrr.jwt.cache.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "sprintrr.jwt.cache.ttl", defaultValue = "5m") Duration ttl,
            @ConfigProperty(name = "sprintrr.jwt.cache.max-entries", defaultValue = "10000") int maxEntries) {
        this.verifier = verifier;
        this.enabled = enabled;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (!enabled || token == null) {
            return verify(token);
        }
        long now = clock.millis();
        Verified hit = verified.get(token);
        if (hit != null) {
            if (now >= hit.expiresAtMillis()) {
                // Kept, so this token keeps getting the same answer until the map is cleared.
                throw new ParseException("The token has expired.");
            }
            if (now < hit.reverifyAtMillis()) {
                return hit.jwt();
            }
        }
        JsonWebToken jwt = verify(token);
        long expiresAt = TimeUnit.SECONDS.toMillis(jwt.getExpirationTime());
        if (expiresAt > now) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(token, new Verified(jwt, expiresAt, now + ttl.toMillis()));
        }
        return jwt;
    }

    private JsonWebToken verify(String token) throws ParseException {
        verifications.increment();
        return verifier.parse(token);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
