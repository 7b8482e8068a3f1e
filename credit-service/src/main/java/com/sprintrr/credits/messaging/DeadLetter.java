package com.sprintrr.credits.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record this service cannot use, as it will be written to the DLQ: unchanged, plus where it came from and why. */
public record DeadLetter(String key, byte[] value, String reason, String topic, int partition, long offset) {

    public static DeadLetter of(ConsumerRecord<String, byte[]> record, String reason) {
        return new DeadLetter(record.key(), record.value(), reason, record.topic(), record.partition(), record.offset());
    }
}
