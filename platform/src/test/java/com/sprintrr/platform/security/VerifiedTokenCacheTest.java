package com.sprintrr.platform.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @AfterEach
    void restoreTheClock() {
        cache.clock = Clock.systemUTC();
    }

    @Test
    void verifiesARepeatedTokenOnlyOnce() {
        String account = freshAccount();
        String token = Jwts.token(account);
        long before = verifications();

        probe(token).statusCode(200).body("accountId", is(account));
        probe(token).statusCode(200).body("accountId", is(account));

        assertEquals(1, verifications() - before);
    }

    @Test
    void refusesACachedTokenOnceItHasExpired() {
        String token = Jwts.token(freshAccount(), Jwts.ISSUER, Jwts.privateKey(), Duration.ofMinutes(2));
        probe(token).statusCode(200);

        cache.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3));

        probe(token).statusCode(401).contentType("application/problem+json").body("code", is("unauthenticated"));
    }

    @Test
    void verifiesACachedTokenAgainAfterTheTtl() {
        String account = freshAccount();
        String token = Jwts.token(account);
        probe(token).statusCode(200);
        long before = verifications();

        cache.clock = Clock.offset(Clock.systemUTC(), cache.ttl.plusSeconds(1));
        probe(token).statusCode(200).body("accountId", is(account));
        probe(token).statusCode(200).body("accountId", is(account));

        assertEquals(1, verifications() - before);
    }

    @Test
    void keepsRefusingForgedTokensAfterTheRealOneWasCached() {
        String account = freshAccount();
        String token = Jwts.token(account);
        probe(token).statusCode(200);
        String forged = Jwts.forgedToken(account);
        String resigned = token.substring(0, token.lastIndexOf('.') + 1) + forged.substring(forged.lastIndexOf('.') + 1);
        long before = verifications();

        probe(forged).statusCode(401).body("code", is("unauthenticated"));
        probe(forged).statusCode(401).body("code", is("unauthenticated"));
        probe(resigned).statusCode(401).body("code", is("unauthenticated"));
        probe(token).statusCode(200).body("accountId", is(account));

        assertEquals(3, verifications() - before, "failures are verified every time, never remembered");
    }

    @Test
    void answersEachCachedTokenWithItsOwnAccount() {
        String first = freshAccount();
        String second = freshAccount();
        String firstToken = Jwts.token(first);
        String secondToken = Jwts.token(second);
        long before = verifications();

        probe(firstToken).statusCode(200).body("accountId", is(first));
        probe(secondToken).statusCode(200).body("accountId", is(second));
        probe(firstToken).statusCode(200).body("accountId", is(first));
        probe(secondToken).statusCode(200).body("accountId", is(second));

        assertEquals(2, verifications() - before);
    }

    private static ValidatableResponse probe(String token) {
        return given().header("Authorization", "Bearer " + token).get("/v1/probe").then();
    }

    private static String freshAccount() {
        return "acct-" + UUID.randomUUID();
    }

    private long verifications() {
        return cache.verifications.sum();
    }
}
