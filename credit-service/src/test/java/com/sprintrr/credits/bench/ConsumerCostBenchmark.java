package com.sprintrr.credits.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.sprintrr.credits.messaging.GenerationCompletedConsumer;
import com.sprintrr.credits.messaging.Topics;
import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.CpuMeter;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Cost per generation-completed event of the consumer's processing method
 * ({@link GenerationCompletedConsumer#process}: parse, span, settle, dead-letter), fed polled
 * batches directly against the tests' real PostgreSQL: byok events only (what a credit-service
 * skipping byok pays) in batches of 1 (one event per poll, a quiet system) and of
 * {@code bench.batch}, then a mix with 30 % credits events; {@code bench.rounds} times. Every record carries a traceparent, as
 * generation-service's do. Prints events/s and CPU ms per event (the calling thread, and the whole
 * JVM; PostgreSQL's CPU is not counted). Asserts nothing about speed. Not run by {@code verify}:
 * {@code ./mvnw -B -o -pl credit-service -am verify -Dtest=ConsumerCostBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures in
 * {@code target/surefire-reports/*ConsumerCostBenchmark-output.txt}. The Kafka-to-ledger throughput
 * benchmark is {@link SettlementBenchmark}.
 */
@QuarkusTest
class ConsumerCostBenchmark {

    @Inject
    GenerationCompletedConsumer consumer;
    @Inject
    LedgerProbe probe;

    private long offset;

    @Test
    void consumerCostPerEvent() {
        int events = Integer.getInteger("bench.events", 20_000);
        int batch = Integer.getInteger("bench.batch", 100);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String account = Internal.newAccount();
            Internal.grant(account, 1_000_000, "benchmark").then().statusCode(lessThan(300));
            accounts.add(account);
        }
        System.out.println(String.format(Locale.ROOT, "BENCH credit-service consumer: %d events per run, %d cores, "
                + "load average %.2f", events, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        // Round 1 warms the JIT up; the figures are the later rounds' (the machine is shared: take the best).
        for (int round = 1; round <= Integer.getInteger("bench.rounds", 3); round++) {
            run("round " + round + ", byok only, batch 1", records(accounts, events, 0), 1);
            run("round " + round + ", byok only, batch " + batch, records(accounts, events, 0), batch);
            run("round " + round + ", 30% credits, batch 1", records(accounts, events / 4, 30), 1);
            run("round " + round + ", 30% credits, batch " + batch, records(accounts, events, 30), batch);
        }
        System.out.println(String.format(Locale.ROOT, "BENCH load average at the end %.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        assertEquals(0L, probe.inconsistentAccounts(), "balances equal their ledger sums");
    }

    private void run(String label, List<ConsumerRecord<String, byte[]>> records, int batch) {
        CpuMeter meter = CpuMeter.start();
        for (int from = 0; from < records.size(); from += batch) {
            consumer.process(records.subList(from, Math.min(records.size(), from + batch)));
        }
        meter.print("BENCH " + label, records.size());
    }

    /** Records as the connector hands them over; creditsPercent of them credits events without a hold (speed). */
    private List<ConsumerRecord<String, byte[]>> records(List<String> accounts, int events, int creditsPercent) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String account = accounts.get(i % accounts.size());
            String value = i % 100 < creditsPercent
                    ? GenerationEvents.credits(account, UUID.randomUUID(), "succeeded", "speed")
                    : GenerationEvents.byok(account, UUID.randomUUID(), i % 20 == 0 ? "failed" : "succeeded");
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.GENERATION_COMPLETED, 0, offset++, account,
                    value.getBytes(UTF_8));
            record.headers().add("traceparent", traceparent());
            records.add(record);
        }
        return records;
    }

    private static byte[] traceparent() {
        HexFormat hex = HexFormat.of();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return ("00-" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong()) + "-"
                + hex.toHexDigits(random.nextLong()) + "-01").getBytes(US_ASCII);
    }
}
