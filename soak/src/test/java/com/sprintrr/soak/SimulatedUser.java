package com.sprintrr.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import com.sprintrr.localstack.Service;
import com.sprintrr.providers.Provider;

/**
 * One user at a keyboard, on any of the soak's accounts: saves, replaces and deletes keys, toggles
 * BYOK, generates on both sources (plain and streamed, with and without an Idempotency-Key,
 * hanging up now and then), changes plan and is granted credits. Like a real client it retries
 * connection errors and 5xx answers, with the same Idempotency-Key when it sent one.
 */
final class SimulatedUser implements Runnable {

    /** The marker every soak API key carries in its middle: found anywhere, a key leaked. */
    static final String KEY_MARKER = "S0akPla1nK3y";

    private static final String[] PLANS = {"free-trial", "starter", "pro"};
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_ATTEMPTS = 5;

    private final SoakClient client;
    private final Journal journal;
    private final List<String> accounts;
    private final Map<String, Set<Provider>> keysBelieved;
    private final Random random;
    private final long deadlineNanos;

    SimulatedUser(SoakClient client, Journal journal, List<String> accounts, Map<String, Set<Provider>> keysBelieved,
            long seed, long deadlineNanos) {
        this.client = client;
        this.journal = journal;
        this.accounts = accounts;
        this.keysBelieved = keysBelieved;
        this.random = new Random(seed);
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        while (System.nanoTime() < deadlineNanos && !Thread.currentThread().isInterrupted()) {
            int index = random.nextInt(accounts.size());
            String account = accounts.get(index);
            int dice = random.nextInt(100);
            if (dice < 60) {
                generate(account);
            } else if (dice < 72) {
                saveKey(account);
            } else if (dice < 80) {
                toggleByok(account);
            } else if (dice < 85) {
                deleteKey(account);
            } else if (dice < 93 && index % 2 == 1) {
                // Only odd accounts get operator grants: the even ones spend their balance down, so a
                // plan change there meets a spent balance, where a top-up rule can go wrong.
                grant(account);
            } else if (dice < 97) {
                changePlan(account);
            } else {
                client.call(account, Service.CREDIT, "GET", "/v1/credits", null, Map.of());
            }
            journal.operations.incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(50 + random.nextInt(250)).toNanos());
        }
    }

    private void generate(String account) {
        boolean stream = random.nextInt(100) < 40;
        boolean withKey = random.nextInt(100) < 60;
        boolean hangUp = random.nextInt(100) < 8;
        String token = "soak-op-" + hex32();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", "Soak request " + token);
        body.put("maxTokens", 64);
        int source = random.nextInt(10);
        if (source < 4) {
            body.put("source", "credits");
        } else if (source < 6) {
            body.put("source", "byok");
        }
        int mode = random.nextInt(3);
        if (mode < 2) {
            body.put("mode", mode == 0 ? "quality" : "speed");
        }
        String idempotencyKey = withKey ? "soak-idem-" + hex32() : null;
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            boolean hangUpNow = hangUp && attempt == 0;
            SoakClient.Answer answer;
            if (stream) {
                answer = client.stream(account, "/v1/generations", body, headers, hangUpNow);
            } else if (hangUpNow) {
                answer = client.callAndHangUp(account, "/v1/generations", body, headers,
                        Duration.ofMillis(20 + random.nextInt(400)));
            } else {
                answer = client.call(account, Service.GENERATION, "POST", "/v1/generations", body, headers);
            }
            journal.attempt(attempt(account, token, idempotencyKey, stream, answer));
            if (!retryable(answer)) {
                return;
            }
            backOff(attempt);
        }
    }

    private static Journal.Attempt attempt(String account, String token, String idempotencyKey, boolean stream,
            SoakClient.Answer answer) {
        if (answer.status() == 0) {
            return new Journal.Attempt(account, token, idempotencyKey, stream, Journal.Outcome.UNKNOWN, 0, null, null,
                    null, 0);
        }
        if (answer.status() == 200 && answer.text("id") != null) {
            long charged = answer.body().path("creditsCharged").asLong();
            return new Journal.Attempt(account, token, idempotencyKey, stream, Journal.Outcome.SUCCEEDED, 200, null,
                    answer.text("id"), answer.text("source"), charged);
        }
        // The service itself says it cannot tell yet (the record may still land): no promise to check.
        Journal.Outcome outcome = "generation_outcome_unknown".equals(answer.text("code")) ? Journal.Outcome.UNKNOWN
                : Journal.Outcome.FAILED;
        return new Journal.Attempt(account, token, idempotencyKey, stream, outcome, answer.status(),
                answer.text("code"), answer.text("generationId"), null, 0);
    }

    /** What a sensible client retries: no answer, a gateway-ish 5xx, rate limiting, a key still in use. */
    private static boolean retryable(SoakClient.Answer answer) {
        int status = answer.status();
        return status == 0 || status == 500 || status == 502 || status == 503 || status == 504 || status == 429
                || (status == 409 && "idempotency_key_in_use".equals(answer.text("code")));
    }

    private void saveKey(String account) {
        Provider provider = Provider.values()[random.nextInt(Provider.values().length)];
        String apiKey = distinctiveKey(provider);
        SoakClient.Answer answer = withRetries(() -> client.call(account, Service.KEY, "PUT",
                "/v1/byok/keys/" + provider.id(), Map.of("apiKey", apiKey), Map.of()));
        if (answer.status() == 200) {
            believed(account).add(provider);
        }
    }

    private void deleteKey(String account) {
        Provider provider = pickBelievedOrAny(account);
        SoakClient.Answer answer = withRetries(() -> client.call(account, Service.KEY, "DELETE",
                "/v1/byok/keys/" + provider.id(), null, Map.of()));
        if (answer.status() == 204 || answer.status() == 404) {
            believed(account).remove(provider);
        }
    }

    private void toggleByok(String account) {
        Provider provider = pickBelievedOrAny(account);
        Map<String, Object> settings = new HashMap<>();
        settings.put("enabled", random.nextInt(100) < 70);
        settings.put("activeProvider", provider.id());
        withRetries(() -> client.call(account, Service.KEY, "PUT", "/v1/byok/settings", settings, Map.of()));
    }

    private void grant(String account) {
        long credits = 10 + random.nextInt(91);
        String key = "soak-grant-" + hex32();
        journal.grantAsked(account, credits);
        withRetries(() -> client.internal(Service.CREDIT, "POST", "/internal/v1/accounts/" + account + "/grants",
                Map.of("credits", credits, "reason", "soak grant"), Map.of("Idempotency-Key", key)));
    }

    private void changePlan(String account) {
        String plan = PLANS[random.nextInt(PLANS.length)];
        journal.planAsked(account, plan);
        withRetries(() -> client.internal(Service.CREDIT, "PUT", "/internal/v1/accounts/" + account + "/plan",
                Map.of("plan", plan), Map.of()));
    }

    private SoakClient.Answer withRetries(java.util.function.Supplier<SoakClient.Answer> call) {
        SoakClient.Answer answer = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            answer = call.get();
            if (!retryable(answer)) {
                return answer;
            }
            backOff(attempt);
        }
        return answer;
    }

    private void backOff(int attempt) {
        long millis = Math.min(4000, 200L << attempt) + random.nextInt(200);
        LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
    }

    private Set<Provider> believed(String account) {
        return keysBelieved.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet());
    }

    private Provider pickBelievedOrAny(String account) {
        List<Provider> known = new ArrayList<>(believed(account));
        if (known.isEmpty() || random.nextInt(10) == 0) {
            return Provider.values()[random.nextInt(Provider.values().length)];
        }
        known.sort(null);
        return known.get(random.nextInt(known.size()));
    }

    /** A key of the provider's shape with {@link #KEY_MARKER} in the middle, out of reach of any hint. */
    private String distinctiveKey(Provider provider) {
        String prefix = switch (provider) {
            case ANTHROPIC -> "sk-ant-api03-";
            case OPENAI -> "sk-proj-";
            case GEMINI -> "AIzaSy";
        };
        return prefix + randomText(20) + KEY_MARKER + randomText(20);
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    private String hex32() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
