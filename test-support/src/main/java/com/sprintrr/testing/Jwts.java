package com.sprintrr.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;

import io.smallrye.jwt.build.Jwt;

/**
 * RS256 tokens as the web app's backend issues them, signed by a key pair made for this JVM.
 * Nothing is committed: the public key reaches the services through standard MP-JWT config.
 */
public final class Jwts {

    public static final String ISSUER = "https://auth.sprintrr.test";
    private static final KeyPair KEYS = generate();

    private Jwts() {
    }

    /** A valid token for the account, as a bare JWT. */
    public static String token(String accountId) {
        return token(accountId, ISSUER, KEYS.getPrivate(), Duration.ofHours(1));
    }

    /** A token for the account signed with the given key, as the local stack mints its demo token. */
    public static String token(String accountId, String issuer, PrivateKey key, Duration lifetime) {
        return Jwt.issuer(issuer).subject("user-" + accountId).claim("account_id", accountId)
                .expiresIn(lifetime).sign(key);
    }

    /** {@code Bearer <token>} for the account. */
    public static String bearer(String accountId) {
        return "Bearer " + token(accountId);
    }

    /** A well-signed token that lacks the account claim. */
    public static String tokenWithoutAccount() {
        return Jwt.issuer(ISSUER).subject("someone").expiresIn(Duration.ofHours(1)).sign(KEYS.getPrivate());
    }

    /** A well-signed token whose account claim is any JSON value (a number, a boolean, an object). */
    public static String tokenWithAccountClaim(Object accountClaim) {
        return Jwt.issuer(ISSUER).subject("someone").claim("account_id", accountClaim)
                .expiresIn(Duration.ofHours(1)).sign(KEYS.getPrivate());
    }

    /** A token for the account signed by a key the services do not trust. */
    public static String forgedToken(String accountId) {
        return Jwt.issuer(ISSUER).subject("user-" + accountId).claim("account_id", accountId)
                .expiresIn(Duration.ofHours(1)).sign(generate().getPrivate());
    }

    /** A token for the account that has already expired. */
    public static String expiredToken(String accountId) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).subject("user-" + accountId).claim("account_id", accountId)
                .issuedAt(now - 7200).expiresAt(now - 3600).sign(KEYS.getPrivate());
    }

    /** The verification key as PEM, the form {@code mp.jwt.verify.publickey} accepts. */
    public static String publicKeyPem() {
        return pem(KEYS.getPublic());
    }

    public static PrivateKey privateKey() {
        return KEYS.getPrivate();
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
