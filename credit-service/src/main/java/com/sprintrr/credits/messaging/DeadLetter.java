package com.sprintrr.credits.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record this service cannot use, as it will be written to the DLQ: unchanged, plus where it came from and why. */
public record DeadLetter(String key, byte[] value, String reason, String topic, int partition, long offset) {

    /**
     * The letter's identity, the same for every copy a retry or a redelivery produces: where the
     * original record was ({@code topic/partition/offset}).
     */
    public String id() {
        return topic + "/" + partition + "/" + offset;
    }

    public static DeadLetter of(ConsumerRecord<String, byte[]> record, String reason) {
        return new DeadLetter(record.key(), record.value(), reason, record.topic(), record.partition(), record.offset());
    }
}
