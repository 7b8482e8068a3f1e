package com.sprintrr.credits.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.DeadGroupMember;
import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.EmbeddedKafka;
import com.sprintrr.testing.KafkaTopicsResource;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * A consumer of the group killed without leaving (kill -9) holds its partitions only for the
 * session timeout the service configures (8 s, was the client's 45 s): the partitions it owned are
 * settled again soon after, by the consumers still (or again) in the group.
 */
@QuarkusTest
class DeadMemberRecoveryTest {

    /** What a dead member could cost with the client default (45 s); the fix brings it to about 8 s. */
    private static final Duration OLD_BOUND = Duration.ofSeconds(45);

    @Inject
    KafkaClientService kafkaClients;
    @Inject
    LedgerProbe probe;

    @Test
    void theServiceConsumersRunWithAShortSessionOnTheClassicProtocol() {
        List<KafkaConsumer<Object, Object>> consumers = kafkaClients.getConsumers(Topics.GENERATION_COMPLETED_CHANNEL);
        assertEquals(2, consumers.size(), "consumers per replica");
        for (KafkaConsumer<Object, Object> consumer : consumers) {
            Map<String, ?> config = consumer.configuration();
            assertNotNull(config.get("session.timeout.ms"), "session.timeout.ms is not set: the client default is 45 s");
            assertNotNull(config.get("heartbeat.interval.ms"), "heartbeat.interval.ms is not set");
            long session = Long.parseLong(String.valueOf(config.get("session.timeout.ms")));
            long heartbeat = Long.parseLong(String.valueOf(config.get("heartbeat.interval.ms")));
            assertTrue(session <= 10_000, "session.timeout.ms " + session + " lets a dead member stall its partitions longer than 10 s");
            assertTrue(heartbeat * 3 <= session, "heartbeat.interval.ms " + heartbeat + " must be at most a third of the session");
            assertEquals("classic", String.valueOf(config.get("group.protocol")));
        }
    }

    @Test
    void aMemberKilledWithoutLeavingStallsItsPartitionsOnlyForTheShortSession() throws Exception {
        Map<String, ?> config = kafkaClients.getConsumers(Topics.GENERATION_COMPLETED_CHANNEL).get(0).configuration();
        Process dead = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                DeadGroupMember.class.getName(), EmbeddedKafka.bootstrapServers(), Kafka.GROUP, Topics.GENERATION_COMPLETED,
                setting(config, "session.timeout.ms"), setting(config, "heartbeat.interval.ms"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(dead.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readAssignment(out)).get(90, TimeUnit.SECONDS);
            assertNotNull(line, "the extra member never got partitions");
            Set<Integer> owned = Arrays.stream(line.substring("ASSIGNED ".length()).split(","))
                    .map(Integer::valueOf).collect(Collectors.toSet());
            String account = accountOnOneOf(owned);
            UUID generation = Internal.holdCreated(account, "quality");

            dead.destroyForcibly(); // SIGKILL: no LeaveGroup, the broker only learns from the session timeout
            assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            Kafka.send(account, GenerationEvents.credits(account, generation, "succeeded", "quality"));
            Await.until("the dead member's partition to be settled again", OLD_BOUND.minusSeconds(5),
                    () -> probe.processed(generation));
            System.out.printf("Settled on the dead member's partition %d ms after the kill%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            assertEquals(48, probe.balance(account));
        } finally {
            dead.destroyForcibly();
        }
    }

    /** The service consumer's setting, or {@code -} for the client default when the service sets none. */
    private static String setting(Map<String, ?> config, String name) {
        Object value = config.get(name);
        return value == null ? "-" : String.valueOf(value);
    }

    private static String readAssignment(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ASSIGNED ")) {
                    return line;
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A fresh account whose records (keyed by account id) land on one of the partitions. */
    private static String accountOnOneOf(Set<Integer> partitions) {
        assertFalse(partitions.isEmpty());
        while (true) {
            String account = Internal.newAccount();
            int partition = Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % KafkaTopicsResource.DEFAULT_PARTITIONS;
            if (partitions.contains(partition)) {
                return account;
            }
        }
    }

    private static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString() + (File.separatorChar == '\\' ? ".exe" : "");
    }
}
