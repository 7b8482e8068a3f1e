package com.sprintrr.soak;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;

/**
 * Counts, per request token, the generation calls the provider fake received and how many it
 * answered with a complete, well-formed success. generation-service sends providers its own
 * generation id, not the client's Idempotency-Key, so the simulated user puts a unique token in
 * each request's prompt and the token ties provider calls back to the Idempotency-Key.
 */
final class ProviderCalls {

    /** The token every soak prompt carries: one per logical request, reused by its retries. */
    static final Pattern TOKEN = Pattern.compile("soak-op-[0-9a-f]{32}");

    private static final Set<String> WELL_FORMED = wellFormedBodies();

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();

    /** For WireMock's request listener: every request the fake answered passes through here. */
    void observe(Request request, Response response) {
        if (!"POST".equals(request.getMethod().getName())) {
            return;
        }
        Matcher token = TOKEN.matcher(request.getBodyAsString());
        if (!token.find()) {
            return;
        }
        record(token.group(), response.getStatus() == 200 && WELL_FORMED.contains(response.getBodyAsString()));
    }

    /** One provider call for the token, and whether the provider answered it with a usable success. */
    void record(String token, boolean succeeded) {
        calls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        if (succeeded) {
            successes.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        }
    }

    int calls(String token) {
        AtomicInteger n = calls.get(token);
        return n == null ? 0 : n.get();
    }

    int successes(String token) {
        AtomicInteger n = successes.get(token);
        return n == null ? 0 : n.get();
    }

    long totalCalls() {
        return calls.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    private static Set<String> wellFormedBodies() {
        Set<String> bodies = new java.util.HashSet<>();
        for (Provider provider : Provider.values()) {
            bodies.add(Recorded.body(provider, false));
            bodies.add(Recorded.body(provider, true));
        }
        return Set.copyOf(bodies);
    }
}
