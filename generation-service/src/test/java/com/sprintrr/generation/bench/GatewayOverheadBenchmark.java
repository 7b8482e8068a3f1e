package com.sprintrr.generation.bench;


import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.sprintrr.localstack.DelayedProvider;
import com.sprintrr.localstack.LoadGenerator;
import com.sprintrr.localstack.LoadGenerator.Result;
import com.sprintrr.localstack.Service;
import com.sprintrr.localstack.ServiceInstance;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.EmbeddedDatabase;
import com.sprintrr.testing.EmbeddedKafka;
import com.sprintrr.testing.Jwts;

/**
 * How much latency generation-service adds over calling the provider directly, on both paths, at
 * a steady 500 req/s and at saturation. Boots everything itself: embedded PostgreSQL and Kafka, a
 * provider fake with a fixed latency (local-stack's {@link DelayedProvider}), key-service and
 * credit-service fakes ({@link BenchFakes}), and the packaged service (quarkus-run.jar) as a
 * local-stack {@link ServiceInstance}; load from local-stack's {@link LoadGenerator}, the system
 * benchmark's too. Prints a table; not part of the test suite.
 *
 * <p>Run: {@code ./mvnw -B -pl generation-service package -DskipTests && ./mvnw -B -pl generation-service exec:exec@bench}
 */
public final class GatewayOverheadBenchmark {

    private static final int PROVIDER_LATENCY_MS = Integer.getInteger("bench.providerLatencyMs", 20);
    private static final int STEADY_RATE = Integer.getInteger("bench.rate", 500);
    private static final int LIGHT_RATE = Integer.getInteger("bench.lightRate", 50);
    private static final int STEADY_SECONDS = Integer.getInteger("bench.steadySeconds", 20);
    private static final int SATURATION_CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
    private static final int SATURATION_SECONDS = Integer.getInteger("bench.saturationSeconds", 15);
    private static final int SLICE_SECONDS = 5;
    /** The turn order of the slices ({@code -Dbench.order=direct,credits,byok} to check for order effects). */
    private static final List<Target> SLICE_ORDER = Arrays.stream(System.getProperty("bench.order", "direct,byok,credits")
            .split(",")).map(name -> Target.valueOf(name.strip().toUpperCase(Locale.ROOT))).toList();
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 40);
    private static final int ACCOUNTS = 200;
    private static final String INTERNAL_TOKEN = "bench-internal-token-0123456789abcdef";
    private static final String USER_KEY = "sk-ant-api03-bench-user-key";
    private static final String PLATFORM_KEY = "sk-ant-api03-bench-platform-key";
    private static final String PROMPT_BODY = "{\"prompt\":\"Say hello\",\"maxTokens\":64";

    /** Four threads for the HttpClient: the open loop's completions must not start a thread per request. */
    private final LoadGenerator load = new LoadGenerator(4);
    private String[] tokens;
    private String serviceUrl;
    private String providerUrl;
    /** The service's process, for its CPU time per slice; null until started. */
    private ProcessHandle serviceProcess;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("No " + jar + ": run ./mvnw -pl generation-service package -DskipTests first.");
            System.exit(2);
        }
        if (!SLICE_ORDER.containsAll(EnumSet.allOf(Target.class))) {
            System.err.println("-Dbench.order must name every target (direct, byok, credits): 'added' is measured against direct.");
            System.exit(2);
        }
        int code;
        try {
            code = new GatewayOverheadBenchmark().run(jar);
        } catch (Throwable failed) {
            // Exit whatever failed: the embedded PostgreSQL and Kafka keep non-daemon threads, and a
            // benchmark JVM left running would load the machine under every later measurement.
            failed.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private int run(Path jar) throws Exception {
        log("load average at the start: " + loadAverage());
        log("starting embedded PostgreSQL and Kafka");
        String jdbcUrl = EmbeddedDatabase.jdbcUrl("bench_generations");
        String kafka = EmbeddedKafka.bootstrapServers();
        // The credential cache reads it (key-service's changes); without it every byok generation asks key-service.
        EmbeddedKafka.createTopics(4, "byok-changes");

        DelayedProvider provider = DelayedProvider.start(PROVIDER_LATENCY_MS);
        String providerBase = provider.baseUrl(Provider.ANTHROPIC).replace("/anthropic", "");
        providerUrl = provider.baseUrl(Provider.ANTHROPIC) + "/v1/messages";
        BenchFakes fakes = new BenchFakes();
        fakes.start(USER_KEY);

        tokens = new String[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            tokens[i] = Jwts.bearer("bench-" + i);
        }

        int apiPort = freePort();
        // Readiness and the server's own timers come from the management interface (/q/** is not on the API port).
        int port = freePort();
        serviceUrl = "http://127.0.0.1:" + apiPort + "/v1/generations";
        ServiceInstance service = startService(jar, apiPort, port, jdbcUrl, kafka, providerBase, fakes.internalBaseUrl());
        try {
            service.awaitReady(Duration.ofSeconds(90));
            log("generation-service is ready (API port " + apiPort + ", management port " + port + ")");
            serviceProcess = ProcessHandle.of(service.pid().orElseThrow()).orElseThrow();
            // At the measured rate, both paths in turn: whichever path first runs at 500 req/s would
            // otherwise pay the rest of the JIT warm-up and the worker pool's growth in its figures.
            log("warming up for " + WARMUP_SECONDS + " s at " + STEADY_RATE + " req/s, byok and credits in turn");
            for (int slice = 0; slice < Math.max(2, WARMUP_SECONDS / 5); slice++) {
                steady(slice % 2 == 0 ? Target.BYOK : Target.CREDITS, STEADY_RATE, 5);
            }
            // The credential cache keeps answers only from invalidation-retention (60 s) after the service took
            // its start position on byok-changes: the byok path warms up until it is answered from the cache.
            long cacheDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (cacheWarming(cacheLookups(port)) && System.nanoTime() - cacheDeadline < 0) {
                steady(Target.BYOK, STEADY_RATE, 5);
            }
            log("credential cache lookups so far: " + cacheLookups(port));
            steady(Target.DIRECT, STEADY_RATE, 3);

            List<Row> rows = new ArrayList<>();
            log("light load " + LIGHT_RATE + " req/s, " + STEADY_SECONDS + " s per target in " + SLICE_SECONDS
                    + " s slices taken in turn (the path's own cost, no queueing)");
            Map<String, double[]> before = serverTimes(port);
            Map<Target, Measured> light = interleaved(LIGHT_RATE, STEADY_SECONDS);
            Map<String, double[]> lightTimes = delta(before, serverTimes(port));
            addRows(rows, "light " + LIGHT_RATE + "/s", light);
            log("credential cache lookups so far: " + cacheLookups(port));

            log("steady " + STEADY_RATE + " req/s, " + STEADY_SECONDS + " s per target in " + SLICE_SECONDS
                    + " s slices taken in turn");
            before = serverTimes(port);
            Map<Target, Measured> steady = interleaved(STEADY_RATE, STEADY_SECONDS);
            Map<String, double[]> steadyTimes = delta(before, serverTimes(port));
            addRows(rows, "steady " + STEADY_RATE + "/s", steady);
            log("credential cache lookups so far: " + cacheLookups(port));

            log("saturation, " + SATURATION_CONCURRENCY + " concurrent clients, " + SATURATION_SECONDS + " s per target");
            Measured directSat = saturate(Target.DIRECT);
            Measured byokSat = saturate(Target.BYOK);
            Measured creditsSat = saturate(Target.CREDITS);
            rows.add(new Row("saturation c=" + SATURATION_CONCURRENCY, "direct", directSat, directSat.load()));
            rows.add(new Row("saturation c=" + SATURATION_CONCURRENCY, "byok", byokSat, directSat.load()));
            rows.add(new Row("saturation c=" + SATURATION_CONCURRENCY, "credits", creditsSat, directSat.load()));

            print(rows);
            printServerTimes("light " + LIGHT_RATE + "/s", lightTimes);
            printServerTimes("steady " + STEADY_RATE + "/s", steadyTimes);
            return rows.stream().anyMatch(r -> r.measured.load().errors() > 0) ? 1 : 0;
        } finally {
            service.stop();
            load.close();
            fakes.close();
            provider.close();
        }
    }

    private enum Target { DIRECT, BYOK, CREDITS }

    /** A phase's load with the CPU time the service's process used meanwhile (all threads, background included). */
    private record Measured(Result load, long serviceCpuNanos) {

        /** The service's CPU milliseconds per answered request (meaningless for direct, which bypasses it). */
        double serviceCpuMsPerRequest() {
            return load.latencies().length == 0 ? Double.NaN : serviceCpuNanos / 1e6 / load.latencies().length;
        }

        static Measured merge(List<Measured> parts) {
            return new Measured(Result.merge(parts.stream().map(Measured::load).toList()),
                    parts.stream().mapToLong(Measured::serviceCpuNanos).sum());
        }
    }

    private record Row(String phase, String target, Measured measured, Result direct) {
    }

    /**
     * The three targets at the same rate, in slices taken in turn (direct, byok, credits; then
     * direct, credits, byok; ...) and merged per target: a slow spell of the shared machine, the
     * last of the warm-up or the first seconds after the service was idle then weigh on every
     * target alike instead of on whichever ran first.
     */
    private Map<Target, Measured> interleaved(int rate, int seconds) throws InterruptedException {
        Map<Target, List<Measured>> slices = new java.util.EnumMap<>(Target.class);
        int rounds = Math.max(1, seconds / SLICE_SECONDS);
        for (int round = 0; round < rounds; round++) {
            List<Target> order = new ArrayList<>(SLICE_ORDER);
            if (round % 2 == 1) {
                // Every other round the targets after the first swap places: the slice right after the
                // direct one (the service idle for 5 s) is measurably slower, and must not always be the same path.
                java.util.Collections.reverse(order.subList(1, order.size()));
            }
            for (Target target : order) {
                slices.computeIfAbsent(target, t -> new ArrayList<>()).add(steady(target, rate, SLICE_SECONDS));
            }
        }
        Map<Target, Measured> merged = new java.util.EnumMap<>(Target.class);
        slices.forEach((target, parts) -> merged.put(target, Measured.merge(parts)));
        return merged;
    }

    private static void addRows(List<Row> rows, String phase, Map<Target, Measured> results) {
        Result direct = results.get(Target.DIRECT).load();
        for (Target target : Target.values()) {
            rows.add(new Row(phase, target.name().toLowerCase(Locale.ROOT), results.get(target), direct));
        }
    }

    /** Open loop at {@code rate} req/s (latency from the scheduled start): the path's cost with queueing. */
    private Measured steady(Target target, int rate, int seconds) throws InterruptedException {
        long cpu0 = serviceCpuNanos();
        Result result = load.openLoop(i -> request(target, i), rate, Duration.ofSeconds(seconds));
        return new Measured(result, serviceCpuNanos() - cpu0);
    }

    /** Closed loop: a fixed number of clients, each sending its next request when the last one returns. */
    private Measured saturate(Target target) throws Exception {
        long cpu0 = serviceCpuNanos();
        Result result = load.closedLoop(i -> request(target, i), SATURATION_CONCURRENCY,
                Duration.ofSeconds(SATURATION_SECONDS));
        return new Measured(result, serviceCpuNanos() - cpu0);
    }

    private HttpRequest request(Target target, int i) {
        if (target == Target.DIRECT) {
            String body = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Say hello\"}]}";
            return HttpRequest.newBuilder(URI.create(providerUrl)).timeout(Duration.ofSeconds(30))
                    .header("x-api-key", USER_KEY).header("anthropic-version", "2023-06-01")
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }
        String body = PROMPT_BODY + (target == Target.BYOK ? ",\"source\":\"byok\"}" : ",\"source\":\"credits\",\"mode\":\"quality\"}");
        return HttpRequest.newBuilder(URI.create(serviceUrl)).timeout(Duration.ofSeconds(30))
                .header("Authorization", tokens[Math.floorMod(i, ACCOUNTS)])
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The packaged service as a local-stack {@link ServiceInstance}: started, awaited and stopped as the local stack does. */
    private static ServiceInstance startService(Path jar, int port, int managementPort, String jdbcUrl, String kafka,
            String providerBase, String internalBase) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.username=" + EmbeddedDatabase.username(),
                "-Dquarkus.datasource.password=" + EmbeddedDatabase.password(),
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dsprintrr.generation.internal.key-service-url=" + internalBase,
                "-Dsprintrr.generation.internal.credit-service-url=" + internalBase,
                "-Dsprintrr.internal-token=" + INTERNAL_TOKEN,
                "-Dmp.jwt.verify.publickey=" + Jwts.publicKeyPem(),
                "-Dmp.jwt.verify.issuer=" + Jwts.ISSUER,
                "-Dquarkus.log.level=WARN"));
        String extraJvmArgs = System.getProperty("bench.serviceJvmArgs", "").strip();
        if (!extraJvmArgs.isEmpty()) {
            command.addAll(List.of(extraJvmArgs.split("\\s+")));
        }
        for (Provider p : Provider.values()) {
            command.add("-Dsprintrr.providers." + p.id() + ".base-url=" + providerBase + "/" + p.id());
            command.add("-Dsprintrr.providers." + p.id() + ".platform-key=" + PLATFORM_KEY);
        }
        command.add("-jar");
        command.add(jar.toString());
        Path logFile = Files.createTempFile("generation-service-bench", ".log");
        log("service log: " + logFile);
        ServiceInstance service = new ServiceInstance(Service.GENERATION, 0, port, managementPort, command, Map.of(),
                Path.of("").toAbsolutePath(), logFile);
        service.start();
        return service;
    }

    /** Sum (seconds) and count of the service's own timers, from its Prometheus endpoint. */
    private Map<String, double[]> serverTimes(int port) throws Exception {
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build();
        String text = load.send(scrape).body();
        Map<String, double[]> times = new TreeMap<>();
        for (String sample : text.split("\n")) {
            // OpenMetrics exemplars ("... 600.0 # {span_id=...} 0.02 1.7e9") follow the value: cut them off.
            String line = sample.replaceFirst(" # \\{.*$", "");
            boolean generationStep = line.startsWith("sprintrr_generation_step_seconds_");
            boolean request = line.startsWith("http_server_requests_seconds_") && line.contains("uri=\"/v1/generations\"")
                    && line.contains("method=\"POST\"");
            if (!generationStep && !request) {
                continue;
            }
            boolean sum = line.contains("_seconds_sum{");
            boolean count = line.contains("_seconds_count{");
            if (!sum && !count) {
                continue;
            }
            String key = line.substring(0, line.lastIndexOf('}') + 1).replace("_sum{", "{").replace("_count{", "{");
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            times.computeIfAbsent(key, k -> new double[2])[sum ? 0 : 1] = value;
        }
        return times;
    }

    /** Whether the cache is looked up but has not answered yet (a disabled cache counts nothing). */
    private static boolean cacheWarming(Map<String, Double> lookups) {
        return lookups.getOrDefault("hit", 0.0) == 0
                && lookups.getOrDefault("miss", 0.0) + lookups.getOrDefault("bypassed", 0.0) > 0;
    }

    /** The credential cache's lookups so far by result (hit, miss, bypassed), from the service's Prometheus endpoint. */
    private Map<String, Double> cacheLookups(int port) throws Exception {
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build();
        Map<String, Double> lookups = new TreeMap<>();
        for (String sample : load.send(scrape).body().split("\n")) {
            String line = sample.replaceFirst(" # \\{.*$", "");
            int result = line.indexOf("result=\"");
            if (line.startsWith("sprintrr_credential_cache_lookups_total{") && result > 0) {
                String name = line.substring(result + "result=\"".length(), line.indexOf('"', result + "result=\"".length()));
                lookups.put(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return lookups;
    }

    private static Map<String, double[]> delta(Map<String, double[]> before, Map<String, double[]> after) {
        Map<String, double[]> delta = new TreeMap<>();
        after.forEach((key, value) -> {
            double[] old = before.getOrDefault(key, new double[2]);
            delta.put(key, new double[] { value[0] - old[0], value[1] - old[1] });
        });
        return delta;
    }

    private static void printServerTimes(String phase, Map<String, double[]> times) {
        System.out.println();
        System.out.println("Server-side mean time per step, " + phase + " (byok and credits slices), ms:");
        times.forEach((key, value) -> {
            if (value[1] > 0) {
                System.out.printf(Locale.ROOT, "  %8.3f  %s (n=%d)%n", value[0] / value[1] * 1000, key, (long) value[1]);
            }
        });
    }

    /** The service process's total CPU time so far (user + system, every thread). */
    private long serviceCpuNanos() {
        return serviceProcess == null ? 0
                : serviceProcess.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("Load average at the end (1/5/15 min, runnable/total, last pid): " + loadAverage());
        System.out.printf(Locale.ROOT, "Provider fake latency %d ms; %d cores; times in ms%n", PROVIDER_LATENCY_MS,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-18s %-8s %9s %8s %8s %8s %11s %11s %7s %9s%n", "phase", "target", "req/s", "p50",
                "p99", "p99.9", "added p50", "added p99", "errors", "svc CPU");
        for (Row row : rows) {
            Result r = row.measured.load();
            boolean direct = row.target.equals("direct");
            System.out.printf(Locale.ROOT, "%-18s %-8s %9.1f %8.2f %8.2f %8.2f %11s %11s %7d %9s%n", row.phase, row.target,
                    r.rate(), r.percentileMs(50), r.percentileMs(99), r.percentileMs(99.9),
                    direct ? "-" : String.format(Locale.ROOT, "%.2f", r.percentileMs(50) - row.direct.percentileMs(50)),
                    direct ? "-" : String.format(Locale.ROOT, "%.2f", r.percentileMs(99) - row.direct.percentileMs(99)),
                    r.errors(), direct ? "-" : String.format(Locale.ROOT, "%.2f", row.measured.serviceCpuMsPerRequest()));
        }
        System.out.println("svc CPU: the service process's CPU milliseconds per request during that target's slices");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
