package com.sprintrr.credits.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Await;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The settlement of a generation-completed event joins the generation's trace: its span continues
 * the record's {@code traceparent} header (generation-service's outbox publish span), or links to it
 * when the batch already continues another trace.
 */
@QuarkusTest
class SettlementTracingTest {

    private static final String SETTLE = "generation-completed settle";

    @Inject
    InMemorySpanExporter spans;
    @Inject
    LedgerProbe probe;

    @Test
    void theSettlementSpanContinuesTheEventsTrace() {
        String account = Internal.newAccount();
        UUID generation = Internal.holdCreated(account, "quality");
        String traceId = hex(32);
        String publishSpanId = hex(16);

        Kafka.send(account, GenerationEvents.credits(account, generation, "succeeded", "quality"), "traceparent",
                "00-" + traceId + "-" + publishSpanId + "-01");

        probe.awaitSettled(generation);
        SpanData settle = awaitSettleSpanOf(traceId);
        assertEquals(traceId, settle.getTraceId(), "continued, not only linked: " + settle);
        assertEquals(publishSpanId, settle.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, settle.getKind());
    }

    @Test
    void everyTracedEventOfABatchReachesASettlementSpan() {
        String account = Internal.newAccount();
        List<String> traces = List.of(hex(32), hex(32), hex(32));
        List<UUID> generations = traces.stream().map(t -> Internal.holdCreated(account, "speed"))
                .collect(Collectors.toList());
        for (int i = 0; i < traces.size(); i++) {
            Kafka.send(account, GenerationEvents.credits(account, generations.get(i), "succeeded", "speed"),
                    "traceparent", "00-" + traces.get(i) + "-" + hex(16) + "-01");
        }

        Await.until("the events to be settled", () -> generations.stream().allMatch(probe::processed));
        // However the records were polled: the trace is the span's own or one of its links.
        traces.forEach(this::awaitSettleSpanOf);
        probe.assertConsistent(account);
    }

    private SpanData awaitSettleSpanOf(String traceId) {
        Await.until("a settlement span in or linked to trace " + traceId, Duration.ofSeconds(30),
                () -> settleSpanOf(traceId) != null);
        SpanData span = settleSpanOf(traceId);
        assertTrue(span.getName().equals(SETTLE));
        return span;
    }

    private SpanData settleSpanOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(SETTLE))
                .filter(s -> s.getTraceId().equals(traceId)
                        || s.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId)))
                .findFirst().orElse(null);
    }

    private static String hex(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return out.toString();
    }
}
