package com.sprintrr.bench;

import static com.sprintrr.bench.SystemBenchmark.log;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import com.sprintrr.localstack.DelayedProvider;
import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.localstack.ServiceInstance;

/**
 * {@code bin/bench-system --idle}: the packaged stack with no load at all. Restarts each service in
 * turn while the others run and times its JVM's start to live and to ready (with and without its
 * AppCDS archive, taken in turn, when the build made one), then measures the CPU each process
 * spends per second doing nothing, the threads that spend it, and each process's resident memory.
 */
final class IdleBenchmark {

    private static final List<String> JVMS = List.of("generation", "key", "credit", "kafka");

    private final Map<String, String> args;
    private final ProcessCpu cpu = new ProcessCpu();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalStack stack;

    IdleBenchmark(Map<String, String> args) {
        this.args = args;
    }

    private int intArg(String name, int fallback) {
        return Integer.parseInt(args.getOrDefault(name, String.valueOf(fallback)));
    }

    int run() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        log("idle and start-up, %d cores, load average %s, %s %s", Runtime.getRuntime().availableProcessors(),
                SystemBenchmark.loadAverage(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        List<AutoCloseable> opened = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SystemBenchmark.closeAll(opened), "bench-stop"));
        try {
            DelayedProvider fake = DelayedProvider.start(20);
            opened.add(fake);
            // --java-options="-Dx=y -XX:..." (space-separated): a setting tried on every service without a rebuild.
            List<String> extra = List.of(args.getOrDefault("java-options", "").trim().split("\\s+")).stream()
                    .filter(option -> !option.isEmpty()).toList();
            if (!extra.isEmpty()) {
                log("extra service JVM options: %s", extra);
            }
            stack = SystemBenchmark.startStack(root, root.resolve(".bench/stack"), fake, extra);
            opened.add(stack);
            for (Service service : Service.values()) {
                ServiceInstance instance = stack.instances(service).get(0);
                cpu.add(name(service), () -> instance.pid().orElse(-1), false);
            }
            cpu.add("kafka", stack::kafkaPid, false);
            long postgres = stack.postgresPid();
            cpu.add("postgres", () -> postgres, true);

            List<String> lines = new ArrayList<>(startUps(intArg("restarts", 2)));
            int settle = intArg("settle-seconds", 45);
            log("letting the stack settle for %d s (start-up compilation, first scheduled passes)", settle);
            Thread.sleep(settle * 1000L);
            lines.addAll(idle(intArg("idle-seconds", 30)));
            System.out.println();
            log("load average at the end: %s", SystemBenchmark.loadAverage());
            lines.forEach(System.out::println);
            return 0;
        } finally {
            SystemBenchmark.closeAll(opened);
        }
    }

    private static String name(Service service) {
        return service.module().replace("-service", "");
    }

    /**
     * Each round restarts every service once per variant (the order of the variants swapped every
     * other round); the service last runs as the stack runs it (with its archive, if any).
     */
    private List<String> startUps(int rounds) throws Exception {
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        log("start-up: %d rounds, each service restarted while the others run", rounds);
        for (int round = 0; round < rounds; round++) {
            for (Service service : Service.values()) {
                ServiceInstance instance = stack.instances(service).get(0);
                boolean hasArchive = archived(instance);
                List<Boolean> variants = !hasArchive ? List.of(true) : round % 2 == 0 ? List.of(false, true) : List.of(true, false);
                for (boolean withArchive : variants) {
                    double[] t = restart(instance, withArchive ? UnaryOperator.identity() : IdleBenchmark::withoutArchive);
                    String key = String.format(Locale.ROOT, "%-19s %-8s", service.module(),
                            hasArchive ? (withArchive ? "AppCDS" : "none") : "none");
                    times.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                    log("%s live %.2f s, ready %.2f s, CPU %.2f s", key.strip().replaceAll(" +", " "), t[0], t[1], t[2]);
                }
                if (hasArchive && round % 2 == 1) {
                    restart(instance, UnaryOperator.identity());
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Start-up: seconds from the JVM's start to live (/q/health/live 200) and to ready (/q/health/ready 200,");
        lines.add("after the warm-up), the others running, and the CPU seconds the JVM used until ready (less distorted");
        lines.add("by a busy machine than wall time); median (min-max) of " + rounds + " (the higher middle one of an even count)");
        lines.add(String.format(Locale.ROOT, "%-19s %-8s %-18s %-18s %-18s", "service", "archive", "live", "ready", "CPU to ready"));
        times.forEach((key, runs) -> lines.add(key + " " + spread(runs, 0) + " " + spread(runs, 1) + " " + spread(runs, 2)));
        return lines;
    }

    private static boolean archived(ServiceInstance instance) {
        return instance.command().stream().anyMatch(option -> option.startsWith(LocalStack.APP_CDS_OPTION));
    }

    private static List<String> withoutArchive(List<String> command) {
        return command.stream().filter(option -> !option.startsWith(LocalStack.APP_CDS_OPTION)).toList();
    }

    private static String spread(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(t -> t[index]).sorted().toArray();
        return String.format(Locale.ROOT, "%-18s", String.format(Locale.ROOT, "%.2f (%.2f-%.2f)",
                values[values.length / 2], values[0], values[values.length - 1]));
    }

    /**
     * Stops the instance, starts it with the command edited, and returns seconds to live and to ready;
     * a start that dies (a connection timeout on a very busy machine) is logged and made again.
     */
    private double[] restart(ServiceInstance instance, UnaryOperator<List<String>> edit) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(instance, edit);
            } catch (IllegalStateException died) {
                if (attempt == 3 || instance.isAlive()) {
                    throw died;
                }
                log("%s (starting again)", died.getMessage());
            }
        }
    }

    private double[] startOnce(ServiceInstance instance, UnaryOperator<List<String>> edit) throws Exception {
        instance.stop();
        long started = System.nanoTime();
        instance.start(Map.of(), edit);
        URI live = URI.create(instance.managementUrl() + "/q/health/live");
        URI ready = URI.create(instance.readinessUrl());
        double liveAt = -1;
        long deadline = started + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.isAlive()) {
                throw new IllegalStateException(instance + " exited during start-up; see " + instance.log());
            }
            if (liveAt < 0 && ok(live)) {
                liveAt = (System.nanoTime() - started) / 1e9;
            }
            if (liveAt >= 0 && ok(ready)) {
                double readyAt = (System.nanoTime() - started) / 1e9;
                return new double[] {liveAt, readyAt, ProcessCpu.millis(instance.pid().orElse(-1)) / 1000.0};
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(instance + " was not ready within 3 minutes; see " + instance.log());
    }

    private boolean ok(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }

    /** CPU per process and per thread name over {@code seconds} with no load, then resident memory. */
    private List<String> idle(int seconds) throws InterruptedException {
        log("measuring %d s with no load", seconds);
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            pids.put(name(service), stack.instances(service).get(0).pid().orElse(-1));
        }
        pids.put("kafka", stack.kafkaPid());
        Map<String, Map<String, Long>> threadsBefore = new TreeMap<>();
        pids.forEach((name, pid) -> threadsBefore.put(name, ProcessCpu.threadTicks(pid)));
        var before = cpu.snapshot();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        var used = ProcessCpu.millisBetween(before, cpu.snapshot());
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Idle (no load for %d s): CPU ms per second, resident memory (MiB; PostgreSQL: the"
                + " postmaster alone), busiest threads (ms per second)", seconds));
        lines.add(String.format(Locale.ROOT, "%-10s %8s %8s   %s", "process", "CPU ms/s", "RSS MiB", "threads"));
        double total = 0;
        for (Map.Entry<String, Double> process : used.entrySet()) {
            String name = process.getKey();
            double perSecond = process.getValue() / elapsed;
            total += perSecond;
            long pid = name.equals("postgres") ? pidOfPostgres() : pids.getOrDefault(name, -1L);
            StringBuilder threads = new StringBuilder();
            if (JVMS.contains(name)) {
                Map<String, Long> old = threadsBefore.getOrDefault(name, Map.of());
                ProcessCpu.threadTicks(pid).entrySet().stream()
                        .map(t -> Map.entry(t.getKey(), (t.getValue() - old.getOrDefault(t.getKey(), 0L)) * 10 / elapsed))
                        .filter(t -> t.getValue() > 0)
                        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                        .limit(6)
                        .forEach(t -> threads.append(String.format(Locale.ROOT, "%s%s %.1f",
                                threads.length() == 0 ? "" : ", ", t.getKey(), t.getValue())));
            }
            lines.add(String.format(Locale.ROOT, "%-10s %8.1f %8.0f   %s", name, perSecond, ProcessCpu.rssMib(pid), threads));
        }
        lines.add(String.format(Locale.ROOT, "%-10s %8.1f", "total", total));
        return lines;
    }

    private long pidOfPostgres() {
        try {
            return stack.postgresPid();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
