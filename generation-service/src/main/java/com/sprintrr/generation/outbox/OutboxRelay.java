package com.sprintrr.generation.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import com.sprintrr.generation.config.GenerationConfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes the outbox to Kafka on one thread of its own: woken after each recorded generation,
 * and every {@code sprintrr.generation.outbox.interval} otherwise. While Kafka is down the rows
 * wait (generations keep completing); once it is back they go out in id order, once each.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxPublisher publisher;
    private final OutboxRepository outbox;
    private final GenerationConfig config;
    private final Map<String, Object> kafkaConfig;
    private final MeterRegistry meters;

    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private volatile boolean kafkaFailing;
    private volatile boolean running;
    private Thread thread;
    private Producer<String, String> producer;
    private final OutboxProducerMetrics producerMetrics;

    @Inject
    OutboxRelay(OutboxPublisher publisher, OutboxRepository outbox, GenerationConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry meters) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.meters = meters;
        this.producerMetrics = new OutboxProducerMetrics(meters);
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("sprintrr.outbox.backlog", backlog, AtomicLong::get)
                .description("generation-completed events recorded but not yet acknowledged by Kafka")
                .register(meters);
        Gauge.builder("sprintrr.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("age of the oldest unpublished outbox row")
                .register(meters);
        if (!config.outbox().relayEnabled()) {
            Log.info("Outbox relay disabled (sprintrr.generation.outbox.relay-enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the relay to publish now rather than at its next interval (GenerationOutbox, after a record). */
    void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Unpublished rows as of the last pass. */
    public long backlog() {
        return backlog.get();
    }

    /** Age of the oldest unpublished row as of the last pass. */
    public long oldestAgeSeconds() {
        return oldestAgeSeconds.get();
    }

    /** Whether the last pass failed to reach Kafka. */
    public boolean kafkaFailing() {
        return kafkaFailing;
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer(Duration.ofSeconds(2));
    }

    @Scheduled(every = "${sprintrr.generation.outbox.prune-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int deleted = outbox.deletePublishedOlderThan(config.outbox().retention());
        if (deleted > 0) {
            Log.debugf("Pruned %d published outbox rows", deleted);
        }
    }

    private void loop() {
        long intervalMillis = config.outbox().interval().toMillis();
        long lingerMillis = config.outbox().linger().toMillis();
        long nextMeasure = 0;
        while (running) {
            OutboxPublisher.Pass pass;
            try {
                pass = publisher.publishBatch(producer());
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                Log.warn("Outbox relay pass failed; retrying later", e);
                pass = new OutboxPublisher.Pass(0, true, false);
            }
            noteOutcome(pass);
            if (System.nanoTime() - nextMeasure >= 0 || pass.failed()) {
                // The backlog gauge is refreshed once per interval, not once per pass under load.
                measure();
                nextMeasure = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            }
            if (pass.full()) {
                continue;
            }
            try {
                if (wakeUps.tryAcquire(intervalMillis, TimeUnit.MILLISECONDS) && lingerMillis > 0) {
                    // Let a few more generations land so one pass (one transaction, one flush) carries them.
                    Thread.sleep(lingerMillis);
                }
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void noteOutcome(OutboxPublisher.Pass pass) {
        if (pass.failed()) {
            if (!kafkaFailing) {
                Log.warn("Kafka did not acknowledge outbox events; they stay queued and are retried");
            }
            kafkaFailing = true;
            // A fresh producer after a failure: no half-expired batches or stale sequence state.
            closeProducer(Duration.ZERO);
        } else if (kafkaFailing && pass.published() > 0) {
            Log.info("Kafka acknowledges outbox events again");
            kafkaFailing = false;
        } else if (pass.published() > 0) {
            kafkaFailing = false;
        }
    }

    private void measure() {
        try {
            OutboxRepository.Backlog now = outbox.backlog();
            backlog.set(now.rows());
            oldestAgeSeconds.set(now.oldestAgeSeconds());
        } catch (RuntimeException e) {
            Log.debug("Could not measure the outbox backlog", e);
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
            producerMetrics.bind(producer);
        }
        return producer;
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            producerMetrics.unbind();
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                Log.debug("Closing the Kafka producer failed", e);
            }
            producer = null;
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        int sendTimeoutMs = (int) config.outbox().sendTimeout().toMillis();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "generation-service-outbox");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, sendTimeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(sendTimeoutMs, 5000));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(sendTimeoutMs, 5000));
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return props;
    }
}
