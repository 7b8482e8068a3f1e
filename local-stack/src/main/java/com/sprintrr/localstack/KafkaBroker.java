package com.sprintrr.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;

/** A single-node Kafka KRaft broker run as its own JVM from the jars on this launcher's class path. */
final class KafkaBroker implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;

    private KafkaBroker(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static KafkaBroker start(Path dir, int port, int controllerPort) throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        Files.createDirectories(data);
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data.toAbsolutePath(),
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                // The controller appends a no-op record to the metadata log every 500 ms by default (a
                // liveness signal for other brokers and its lag metrics): with one node, 5 s is enough and
                // an idle broker does a tenth of that work (issue 12, idle CPU).
                "metadata.max.idle.interval.ms=5000",
                ""));
        if (!Files.exists(data.resolve("meta.properties"))) {
            ManagedProcess format = ManagedProcess.start("kafka-format",
                    java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                    Map.of(), dir, dir.resolve("format.log"));
            if (format.waitFor(120) != 0) {
                throw new IOException("Formatting Kafka storage failed; see " + format.log());
            }
        }
        ManagedProcess broker = ManagedProcess.start("kafka",
                java("kafka.Kafka", config.toString()), Map.of(), dir, dir.resolve("kafka.log"));
        KafkaBroker kafka = new KafkaBroker(broker, port);
        kafka.awaitListening(Duration.ofSeconds(90));
        return kafka;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Kafka exited during start-up; see " + process.log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("Kafka did not listen on " + port + " within " + timeout + "; see " + process.log());
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crashed broker: what it had not flushed is up to its log recovery. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
