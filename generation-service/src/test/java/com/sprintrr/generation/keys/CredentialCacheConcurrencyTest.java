package com.sprintrr.generation.keys;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.KeyChanges;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 12's promise under load: while several clients generate for one account, its model
 * changes again and again (each change published and acknowledged, then committed, as key-service
 * does); no generation started more than 1 s after a change returned uses an older state.
 */
@QuarkusTest
class CredentialCacheConcurrencyTest extends GenerationTestBase {

    private static final String KEY = ProviderFake.sampleKey(Provider.ANTHROPIC);
    private static final int CLIENTS = 6;
    private static final int CHANGES = 12;
    private static final long PROMISE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Inject
    CredentialCache cache;

    /** A generation: when its client sent it, and the state version its model names. */
    private record Observed(long sentAt, int version) {
    }

    @Test
    void noGenerationStartedASecondAfterAChangeReturnedUsesAnOlderState() throws Exception {
        Await.until("the credential cache to be usable", Duration.ofSeconds(60), cache::ready);
        String account = newAccount();
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);
        long[] returned = new long[CHANGES + 2];
        internal.byokOn(account, Provider.ANTHROPIC, "m-1", KEY, 4L, 1L, Duration.ZERO);
        returned[1] = System.nanoTime();

        Queue<Observed> observed = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        try (KeyChanges changes = new KeyChanges()) {
            for (int i = 0; i < CLIENTS; i++) {
                running.add(clients.submit(() -> {
                    while (!done.get()) {
                        long sentAt = System.nanoTime();
                        String model = generate(account, body("Load", null, null)).then().statusCode(200)
                                .body("source", is("byok")).extract().path("model");
                        observed.add(new Observed(sentAt, Integer.parseInt(model.substring("m-".length()))));
                    }
                    return null;
                }));
            }
            for (int version = 2; version <= CHANGES + 1; version++) {
                int seen = observed.size();
                Await.until("a few generations at the current state", Duration.ofSeconds(60), () -> observed.size() >= seen + 8);
                // key-service: bump, publish and wait for the acknowledgement, then commit; then the change returns.
                changes.publish(account, version);
                internal.byokOn(account, Provider.ANTHROPIC, "m-" + version, KEY, 4L, (long) version, Duration.ZERO);
                returned[version] = System.nanoTime();
            }
            long last = returned[CHANGES + 1];
            Await.until("generations sent more than a second after the last change", Duration.ofSeconds(60),
                    () -> observed.stream().filter(o -> o.sentAt() - last > PROMISE_NANOS).count() >= 10);
        } finally {
            done.set(true);
            clients.shutdown();
            clients.awaitTermination(60, TimeUnit.SECONDS);
        }
        for (Future<?> client : running) {
            client.get();
        }

        List<String> violations = new ArrayList<>();
        for (Observed generation : observed) {
            int required = 1;
            for (int version = 2; version <= CHANGES + 1; version++) {
                if (generation.sentAt() - returned[version] > PROMISE_NANOS) {
                    required = version;
                }
            }
            if (generation.version() < required) {
                violations.add("sent " + (generation.sentAt() - returned[required]) / 1_000_000 + " ms after version "
                        + required + " returned, used version " + generation.version());
            }
        }
        assertEquals(List.of(), violations, observed.size() + " generations");
        int asked = internal.credentialRequests(account).size();
        assertTrue(asked <= observed.size(), "key-service asked " + asked + " times for " + observed.size() + " generations");
        // The cache was really in play: once the state stays put, answers come from it.
        Await.until("a generation answered from the cache", () -> {
            int before = internal.credentialRequests(account).size();
            generate(account, body("After", null, null)).then().statusCode(200).body("model", is("m-" + (CHANGES + 1)));
            return internal.credentialRequests(account).size() == before;
        });
    }
}
