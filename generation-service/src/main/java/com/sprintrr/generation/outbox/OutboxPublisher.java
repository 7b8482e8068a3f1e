package com.sprintrr.generation.outbox;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.providers.OutgoingTrace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/**
 * One relay pass: publish the oldest unpublished rows in id order and mark the acknowledged ones.
 * A row recorded in a trace is sent in a producer span of that trace, whose traceparent goes with
 * the record as the {@code traceparent} header (credit-service's settlement continues from it).
 */
@ApplicationScoped
class OutboxPublisher {

    /** What a pass did; failed means Kafka did not acknowledge everything and the rest waits. */
    record Pass(int published, boolean failed, boolean full) {
    }

    private final OutboxRepository outbox;
    private final GenerationConfig config;
    private final Tracer tracer;

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    /** Reads a stored traceparent as the one header of a carrier. */
    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return Collections.singletonList(OutgoingTrace.TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return OutgoingTrace.TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    @Inject
    OutboxPublisher(OutboxRepository outbox, GenerationConfig config, Tracer tracer) {
        this.outbox = outbox;
        this.config = config;
        this.tracer = tracer;
    }

    /**
     * Sends a batch and waits for every acknowledgement (acks=all). Rows after the first
     * unacknowledged one stay unpublished, so a retry resends them in order; the idempotent
     * producer keeps one account's records (one partition) in order within the batch.
     */
    @Transactional
    @TransactionConfiguration(timeout = 120)
    Pass publishBatch(Producer<String, String> producer) throws InterruptedException {
        if (!outbox.tryRelayLock()) {
            return new Pass(0, false, false);
        }
        int batchSize = config.outbox().batchSize();
        List<OutboxRepository.Row> rows = outbox.unpublished(batchSize);
        if (rows.isEmpty()) {
            return new Pass(0, false, false);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        List<Span> spans = new ArrayList<>(rows.size());
        boolean failed = false;
        for (OutboxRepository.Row row : rows) {
            Span span = publishSpan(row);
            try {
                acks.add(producer.send(record(row, span)));
                spans.add(span);
            } catch (RuntimeException e) {
                // Metadata unavailable within max.block.ms, producer closed, ...: stop here.
                span.setStatus(StatusCode.ERROR);
                span.end();
                failed = true;
                break;
            }
        }
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        List<Long> published = new ArrayList<>(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(rows.get(i).id());
                spans.get(i).end();
            } catch (ExecutionException | TimeoutException e) {
                failed = true;
                break;
            }
        }
        for (int i = published.size(); i < spans.size(); i++) {
            // Not acknowledged (this pass): the row is sent again, in a new span, by a later pass.
            spans.get(i).setStatus(StatusCode.ERROR);
            spans.get(i).end();
        }
        outbox.markPublished(published);
        return new Pass(published.size(), failed, !failed && rows.size() == batchSize);
    }

    /** A producer span in the row's trace, or no span (invalid) when the row was not traced. */
    private Span publishSpan(OutboxRepository.Row row) {
        if (row.traceparent() == null) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), row.traceparent(), STORED);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(row.topic() + " publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, row.topic())
                .startSpan();
    }

    /** The row as a record; its traceparent header names the publish span (or the stored context). */
    private static ProducerRecord<String, String> record(OutboxRepository.Row row, Span span) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.accountId(), row.payload());
        String traceparent = OutgoingTrace.traceparent(span.getSpanContext());
        if (traceparent == null) {
            traceparent = row.traceparent();
        }
        if (traceparent != null) {
            record.headers().add(OutgoingTrace.TRACEPARENT, traceparent.getBytes(US_ASCII));
        }
        return record;
    }
}
