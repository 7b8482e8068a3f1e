package com.sprintrr.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One running copy (replica) of a service: the same command, environment, port and log file every
 * time it is (re)started, so a test can crash it, stop it and bring it back as an orchestrator would.
 */
public final class ServiceInstance implements AutoCloseable {

    private final Service service;
    private final int index;
    private final int port;
    private final int managementPort;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workDir;
    private final Path log;
    private volatile ManagedProcess process;

    /** A stopped instance; {@link #start()} launches {@code command} in {@code workDir} with {@code env}. */
    public ServiceInstance(Service service, int index, int port, int managementPort, List<String> command,
            Map<String, String> env, Path workDir, Path log) {
        this.service = service;
        this.index = index;
        this.port = port;
        this.managementPort = managementPort;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.log = log;
    }

    public Service service() {
        return service;
    }

    /** 0 for the first instance of its service, 1 for the second, ... */
    public int index() {
        return index;
    }

    public String name() {
        return service.module() + "#" + index;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Its management interface (/q/health, /q/metrics, /q/openapi), which is not on the API port. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    /** The one place the readiness probe's address is made (awaitReady polls it until 200). */
    public String readinessUrl() {
        return managementUrl() + "/q/health/ready";
    }

    /** The command that starts it (java, its options, -jar ...). */
    public List<String> command() {
        return command;
    }

    /** Its log file; a restarted process appends to it. */
    public Path log() {
        return log;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Launches the process unless it is running; does not wait for it to be ready. */
    public synchronized void start() throws IOException {
        start(Map.of());
    }

    /**
     * As {@link #start()}, with {@code overrides} added to (and winning over) its environment for
     * this start only: a benchmark restarts a service with a setting switched off.
     */
    public synchronized void start(Map<String, String> overrides) throws IOException {
        start(overrides, command -> command);
    }

    /**
     * As {@link #start(Map)}, with the command changed by {@code edit} for this start only: a
     * benchmark restarts a service without its AppCDS archive to compare start-up times.
     */
    public synchronized void start(Map<String, String> overrides, UnaryOperator<List<String>> edit) throws IOException {
        if (isAlive()) {
            return;
        }
        Map<String, String> startEnv = new java.util.HashMap<>(env);
        startEnv.putAll(overrides);
        process = ManagedProcess.start(name(), edit.apply(command), startEnv, workDir, log);
    }

    /** The operating system's id of the running process, for CPU accounting; empty when it is not running. */
    public synchronized java.util.OptionalLong pid() {
        return isAlive() ? java.util.OptionalLong.of(process.pid()) : java.util.OptionalLong.empty();
    }

    /** Waits until {@link #readinessUrl()} answers 200; fails at once if the process exits. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        awaitReady(timeout, 1);
    }

    /**
     * As {@link #awaitReady(Duration)}, but a process that exits while starting is started again,
     * up to {@code attempts} starts in all, each with its own timeout.
     */
    public void awaitReady(Duration timeout, int attempts) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                awaitReadyOnce(timeout);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= attempts || isAlive()) {
                    throw e;
                }
                // Said every time, so a start that only succeeds on a later try is never silent.
                System.err.println(e.getMessage() + "; starting it again (" + (attempt + 1) + " of " + attempts + ")");
                start();
            }
        }
    }

    private void awaitReadyOnce(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(readinessUrl()))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name() + " exited during start-up; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name() + " was not ready within " + timeout + "; see " + log);
    }

    /** kill -9: no shutdown hook, no draining, in-flight work is cut off mid-way. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM and wait, as a rolling deployment stops a pod (then SIGKILL after the grace period). */
    public synchronized void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name();
    }
}
