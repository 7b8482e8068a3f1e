package com.sprintrr.generation.support;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.sprintrr.testing.Jwts;

import io.restassured.RestAssured;

/**
 * POST /v1/generations of the service under test as a stream, for an account: test-support's
 * {@link com.sprintrr.testing.SseClient} (whose Event and Result it inherits) with this service's
 * URL and a token.
 */
public final class SseClient extends com.sprintrr.testing.SseClient {

    private SseClient() {
    }

    public static Result post(String account, String body) {
        return post(account, body, null, e -> false);
    }

    public static Result post(String account, String body, String idempotencyKey) {
        return post(account, body, idempotencyKey, e -> false);
    }

    /** Posts and reads events until the stream ends, or until stopAfter accepts one (then hangs up). */
    public static Result post(String account, String body, String idempotencyKey, Predicate<Event> stopAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", Jwts.bearer(account));
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return post(URI.create("http://localhost:" + RestAssured.port + "/v1/generations"), headers, body,
                Duration.ofSeconds(30), stopAfter);
    }
}
