package com.sprintrr.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Makes the application verify tokens minted by {@link Jwts}. */
public class JwtResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey", Jwts.publicKeyPem(),
                "mp.jwt.verify.issuer", Jwts.ISSUER);
    }

    @Override
    public void stop() {
    }
}
