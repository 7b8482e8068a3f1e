package com.sprintrr.credits.messaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.sprintrr.credits.config.CreditsConfig;
import com.sprintrr.credits.persistence.Failures;
import com.sprintrr.credits.settlement.GenerationCompleted;
import com.sprintrr.credits.settlement.SettlementService;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes generation-completed in batches: one poll, one database transaction for its credits
 * events; byok events are parsed (poison still goes to the DLQ) and counted, never settled, so a
 * poll of byok events only costs no transaction, connection or span. The method returns
 * (and the batch's offsets become committable) only after that transaction committed and every
 * poison record is on the DLQ; a crash before that redelivers the batch, which the dedupe records
 * turn into a no-op. The database refusing the batch for a passing reason is retried without end
 * (the partition waits, nothing is skipped); a record it refuses for good goes to the DLQ.
 *
 * <p>Batches settle on a small worker pool, not in poll order: a generation has one event and the
 * effects of different generations add up in any order, so order buys nothing, while two batches in
 * flight keep both the database and this JVM busy. Concurrent batches cannot deadlock (dedupe
 * records and accounts are locked in sorted order) and the throttled commit strategy commits an
 * offset only once every record before it is acknowledged.
 *
 * <p>A batch settles in one span that continues the trace of its first record carrying a W3C
 * {@code traceparent} header (generation-service sends one per traced generation) and links to the
 * traces of the others, so each generation's trace reaches its settlement.
 */
@ApplicationScoped
public class GenerationCompletedConsumer {

    static final String TRACEPARENT = "traceparent";

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");

    /** Reads the traceparent header of one record (ASCII by the W3C format). */
    private static final TextMapGetter<ConsumerRecord<String, byte[]>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<String, byte[]> record) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(ConsumerRecord<String, byte[]> record, String key) {
            Header header = record == null ? null : record.headers().lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), US_ASCII);
        }
    };

    /** The consumer's worker pool; {@code smallrye.messaging.worker.settlement.max-concurrency} batches settle at once. */
    static final String SETTLEMENT_POOL = "settlement";

    private final GenerationCompletedParser parser;
    private final SettlementService settlement;
    private final DeadLetters deadLetters;
    private final CreditsConfig config;
    private final Tracer tracer;
    private volatile boolean stopping;

    @Inject
    GenerationCompletedConsumer(GenerationCompletedParser parser, SettlementService settlement,
            DeadLetters deadLetters, CreditsConfig config, Tracer tracer) {
        this.parser = parser;
        this.settlement = settlement;
        this.deadLetters = deadLetters;
        this.config = config;
        this.tracer = tracer;
    }

    @Incoming(Topics.GENERATION_COMPLETED_CHANNEL)
    @Blocking(value = SETTLEMENT_POOL, ordered = false)
    public void consume(ConsumerRecords<String, byte[]> records) {
        process(records);
    }

    /** Settles one polled batch and dead-letters its poison records; returns when both are durable. */
    public void process(Iterable<ConsumerRecord<String, byte[]>> records) {
        Batch batch = read(records);
        if (batch.credits.isEmpty() && batch.poison.isEmpty()) {
            // Only byok events (most polls on a byok-heavy system): byok never touches credits, so there
            // is nothing to record, no dedupe row to write and nothing to trace; the offsets are simply
            // committed. Redelivering them later would change nothing either.
            settlement.skipByok(batch.byok);
            return;
        }
        Span span = settlementSpan(records);
        try (Scope scope = span.makeCurrent()) {
            settleAndDeadLetter(batch);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A polled batch sorted: the credits events (with their records), how many byok events, the poison. */
    private record Batch(List<ConsumerRecord<String, byte[]>> creditRecords, List<GenerationCompleted> credits, int byok,
            List<DeadLetter> poison) {
    }

    private Batch read(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> creditRecords = new ArrayList<>();
        List<GenerationCompleted> credits = new ArrayList<>();
        List<DeadLetter> poison = new ArrayList<>();
        int byok = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            GenerationCompletedParser.Parsed parsed = parser.parse(record.value());
            if (parsed.event() == null) {
                poison.add(DeadLetter.of(record, parsed.poisonReason()));
            } else if (parsed.event().source() == GenerationCompleted.Source.BYOK) {
                byok++;
            } else {
                creditRecords.add(record);
                credits.add(parsed.event());
            }
        }
        return new Batch(creditRecords, credits, byok, poison);
    }

    /**
     * The batch's span: a child of the first record's traceparent, linked to the other records'
     * traces; in the current context when no record carries one.
     */
    private Span settlementSpan(Iterable<ConsumerRecord<String, byte[]>> records) {
        SpanBuilder builder = tracer.spanBuilder(Topics.GENERATION_COMPLETED + " settle").setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, Topics.GENERATION_COMPLETED);
        Context parent = null;
        long count = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            count++;
            if (record.headers().lastHeader(TRACEPARENT) == null) {
                continue;
            }
            Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), record, HEADERS);
            SpanContext remote = Span.fromContext(context).getSpanContext();
            if (!remote.isValid()) {
                continue;
            }
            if (parent == null) {
                parent = context;
            } else if (!remote.getTraceId().equals(Span.fromContext(parent).getSpanContext().getTraceId())) {
                builder.addLink(remote);
            }
        }
        if (parent != null) {
            builder.setParent(parent);
        }
        return builder.setAttribute(BATCH_SIZE, count).startSpan();
    }

    private void settleAndDeadLetter(Batch batch) {
        List<DeadLetter> poison = new ArrayList<>(batch.poison);
        if (!batch.credits.isEmpty()) {
            settle(batch.creditRecords, batch.credits, poison);
        }
        settlement.skipByok(batch.byok);
        if (!poison.isEmpty()) {
            // Only the letters the broker did not acknowledge are sent again: a retry after a partial
            // failure never writes a second copy of one already there.
            List<DeadLetter> pending = new ArrayList<>(poison);
            untilDone("dead-lettering " + poison.size() + " records", () -> {
                List<DeadLetter> failed = deadLetters.publish(pending);
                pending.clear();
                pending.addAll(failed);
                if (!failed.isEmpty()) {
                    throw new IllegalStateException(failed.size() + " dead letters not acknowledged");
                }
                return null;
            });
        }
    }

    private void settle(List<ConsumerRecord<String, byte[]>> records, List<GenerationCompleted> events,
            List<DeadLetter> poison) {
        try {
            untilDone("settling " + events.size() + " events", () -> settlement.settle(events));
        } catch (RuntimeException permanent) {
            if (!Failures.isPermanent(permanent)) {
                throw permanent;
            }
            // Some record makes the batch fail for good: settle one by one to find it, keep the rest.
            Log.warnf("A batch of %d events failed for good (SQL state %s); settling them one by one",
                    events.size(), Failures.sqlState(permanent));
            for (int i = 0; i < events.size(); i++) {
                List<GenerationCompleted> one = List.of(events.get(i));
                try {
                    untilDone("settling one event", () -> settlement.settle(one));
                } catch (RuntimeException e) {
                    if (!Failures.isPermanent(e)) {
                        throw e;
                    }
                    poison.add(DeadLetter.of(records.get(i), "settlement_failed: sql_state " + Failures.sqlState(e)));
                }
            }
        }
    }

    /** Runs the step until it succeeds, pausing between tries; rethrows a permanent failure at once. */
    private <T> T untilDone(String what, Supplier<T> step) {
        Duration pause = config.consumer().retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (Failures.isPermanent(e) || stopping) {
                    throw e;
                }
                Log.warnf("%s failed (attempt %d, SQL state %s, %s); trying again in %d ms", what, attempt,
                        Failures.sqlState(e), e.getClass().getSimpleName(), pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(config.consumer().maxBackoff()) > 0 ? config.consumer().maxBackoff() : doubled;
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
