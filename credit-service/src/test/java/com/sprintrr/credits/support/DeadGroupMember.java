package com.sprintrr.credits.support;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A previous incarnation of credit-service's consumer, run as its own process so a test can kill it
 * with SIGKILL: it joins the group with the given session settings, prints {@code ASSIGNED p,q} once
 * it owns partitions, and polls (never committing) until it is killed, leaving the group without a
 * goodbye. Arguments: bootstrap servers, group, topic, session.timeout.ms, heartbeat.interval.ms
 * ({@code -} for the client default).
 */
public final class DeadGroupMember {

    private DeadGroupMember() {
    }

    public static void main(String[] args) {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", args[1]);
        props.put("group.protocol", "classic");
        if (!args[3].equals("-")) {
            props.put("session.timeout.ms", args[3]);
        }
        if (!args[4].equals("-")) {
            props.put("heartbeat.interval.ms", args[4]);
        }
        props.put("enable.auto.commit", "false");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(args[2]));
        boolean told = false;
        while (true) {
            consumer.poll(Duration.ofMillis(200));
            if (!told && !consumer.assignment().isEmpty()) {
                System.out.println("ASSIGNED " + consumer.assignment().stream().map(TopicPartition::partition)
                        .map(String::valueOf).collect(Collectors.joining(",")));
                System.out.flush();
                told = true;
            }
        }
    }
}
