package com.sprintrr.generation.outbox;

import org.apache.kafka.clients.producer.Producer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * The Kafka client metrics ({@code kafka_producer_*}, client.id generation-service-outbox) of the
 * relay's own producer. Quarkus binds the clients it creates; this one is created by hand, and again
 * after each failure, so it is bound and unbound with it.
 */
final class OutboxProducerMetrics {

    private final MeterRegistry meters;
    private KafkaClientMetrics bound;

    OutboxProducerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void bind(Producer<?, ?> producer) {
        unbind();
        bound = new KafkaClientMetrics(producer);
        bound.bindTo(meters);
    }

    /** Removes the meters of the producer about to be closed (a new one registers its own). */
    void unbind() {
        if (bound != null) {
            bound.close();
            bound = null;
        }
    }
}
