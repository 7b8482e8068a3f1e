package com.sprintrr.keys.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.health.KeyHealthConsumer;
import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.GenerationEvents;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.CpuMeter;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Cost of key health per generation-completed event: feeds events (70 % byok about stored keys, 30 %
 * credits, like the system benchmark's mix) straight into the consumer's processing method, in
 * batches of 1 (one event per poll, a quiet system) and of {@code bench.batch}, {@code bench.rounds}
 * times, against the tests' real PostgreSQL. Prints events/s and CPU ms per event (the calling thread, and the whole JVM);
 * PostgreSQL's own CPU is not counted. Asserts nothing about speed. Not run by {@code verify}:
 * {@code ./mvnw -B -o -pl key-service -am verify -Dtest=KeyHealthConsumerBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures in
 * {@code target/surefire-reports/*KeyHealthConsumerBenchmark-output.txt}.
 */
@QuarkusTest
class KeyHealthConsumerBenchmark {

    ProviderFake fake;

    @Inject
    KeyHealthConsumer consumer;
    @Inject
    StoredRows rows;

    private record Key(String account, long version) {
    }

    @Test
    void keyHealthConsumer() {
        int events = Integer.getInteger("bench.events", 20_000);
        int batch = Integer.getInteger("bench.batch", 100);
        int keys = Integer.getInteger("bench.keys", 50);
        // Round 1 warms the JIT up; the figures are the later rounds' (the machine is shared: take the best).
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<Key> stored = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String account = TestKeys.account();
            String key = TestKeys.key(Provider.OPENAI);
            fake.acceptKey(Provider.OPENAI, key);
            Api.saveKey(account, Provider.OPENAI, key).statusCode(200);
            stored.add(new Key(account, rows.keyVersion(account, Provider.OPENAI)));
        }
        List<byte[]> values = values(stored, events);

        System.out.println(String.format(Locale.ROOT, "BENCH key-service health consumer: %d events (70%% byok over %d keys), "
                + "%d cores, load average %.2f", events, keys, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        for (int round = 1; round <= rounds; round++) {
            run("round " + round + ", batch 1", values, 1);
            run("round " + round + ", batch " + batch, values, batch);
        }
        System.out.println(String.format(Locale.ROOT, "BENCH load average at the end %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        // Key 0 only ever saw successes, the last one in the last run.
        assertEquals("ok", Api.view(stored.get(0).account()).extract().path("keys[0].status"));
    }

    private void run(String label, List<byte[]> values, int batch) {
        CpuMeter meter = CpuMeter.start();
        for (int from = 0; from < values.size(); from += batch) {
            feed(values.subList(from, Math.min(values.size(), from + batch)));
        }
        meter.print("BENCH " + label, values.size());
    }

    /** One polled batch into the consumer (before issue 12 it took one record at a time: one call per value). */
    private void feed(List<byte[]> batch) {
        consumer.process(batch);
    }

    /** Byok events (successes, sometimes a refusal) about the stored keys, in time order, and credits events. */
    private static List<byte[]> values(List<Key> stored, int events) {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        List<byte[]> values = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            Key key = stored.get(i % stored.size());
            String value;
            if (i % 10 < 7) {
                String error = i % 50 == 1 ? "byok_key_rejected" : null;
                value = GenerationEvents.byok(key.account(), Provider.OPENAI, key.version(), error, t0.plusMillis(i));
            } else {
                value = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"generationId\":\"" + UUID.randomUUID()
                        + "\",\"accountId\":\"" + key.account() + "\",\"source\":\"credits\",\"status\":\"succeeded\","
                        + "\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-6\",\"mode\":\"quality\","
                        + "\"usage\":{\"inputTokens\":11,\"outputTokens\":6},\"occurredAt\":\"" + t0.plusMillis(i) + "\"}";
            }
            values.add(value.getBytes(StandardCharsets.UTF_8));
        }
        return values;
    }
}
