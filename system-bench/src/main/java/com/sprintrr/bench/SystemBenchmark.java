package com.sprintrr.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import com.sprintrr.localstack.DelayedProvider;
import com.sprintrr.localstack.LoadGenerator;
import com.sprintrr.localstack.LoadGenerator.Result;
import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.localstack.ServiceInstance;
import com.sprintrr.providers.Provider;

/**
 * {@code bin/bench-system}: the packaged stack (local-stack: PostgreSQL, Kafka, the three services)
 * and the peer gateway against one provider fake answering after a fixed delay, driven by one
 * closed-loop load generator in slices taken in turn, at a steady concurrency and at saturation.
 * Prints, per target, throughput, latency, latency added over calling the fake directly, errors
 * and the CPU milliseconds each process spent per generation. {@code --restart} instead measures
 * the first seconds after a generation-service restart with the start-up warm-up on and off.
 */
public final class SystemBenchmark {

    private static final List<String> ALL_TARGETS = List.of("direct", "peer", "byok", "credits", "credits-hot");
    private static final String PROMPT = "{\"prompt\":\"Say hello\",\"maxTokens\":64,";
    private static final String MODEL = "claude-sonnet-4-6";

    private final Map<String, String> args;
    private final LoadGenerator load = new LoadGenerator();
    private final ProcessCpu cpu = new ProcessCpu();
    private final Map<String, IntFunction<HttpRequest>> targets = new LinkedHashMap<>();
    private LocalStack stack;

    private SystemBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length == 2 ? pair[1] : "true");
        }
        int code;
        try {
            code = args.containsKey("idle") ? new IdleBenchmark(args).run() : new SystemBenchmark(args).run();
        } catch (Throwable failed) {
            // Exit whatever failed (its shutdown hooks stop the stack): a benchmark JVM left running
            // would load the machine under every later measurement.
            failed.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private int intArg(String name, int fallback) {
        return Integer.parseInt(arg(name, String.valueOf(fallback)));
    }

    private int run() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve(".bench");
        int delayMs = intArg("delay-ms", 20);
        int accounts = intArg("accounts", 200);
        List<String> wanted = Arrays.asList(arg("targets", String.join(",", ALL_TARGETS)).split(","));
        log("%s, %d cores, load average %s, %s", Instant.now(), Runtime.getRuntime().availableProcessors(),
                loadAverage(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

        List<AutoCloseable> opened = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(opened), "bench-stop"));
        try {
            DelayedProvider fake = DelayedProvider.start(delayMs);
            opened.add(fake);
            log("provider fake answering after %d ms: %s", delayMs, fake.baseUrl(Provider.ANTHROPIC));
            stack = startStack(root, work.resolve("stack"), fake);
            opened.add(stack);
            PeerGateway peer = null;
            if (wanted.contains("peer") && !args.containsKey("no-peer")) {
                peer = PeerGateway.start(work.resolve("peer")).orElse(null);
                if (peer != null) {
                    opened.add(peer);
                }
            }
            defineTargets(fake, peer, accounts, wanted);
            setUpAccounts(accounts);
            meterProcesses(peer);

            int warmup = intArg("warmup-seconds", 30);
            log("warming up: %d s, targets in turn at 10 clients", warmup);
            for (int second = 0; second < warmup; second += 5 * targets.size()) {
                for (IntFunction<HttpRequest> target : targets.values()) {
                    load.closedLoop(target, 10, Duration.ofSeconds(5));
                }
            }
            if (args.containsKey("restart")) {
                restarts();
            } else {
                measure();
            }
            return 0;
        } finally {
            closeAll(opened);
        }
    }

    /** The stack as bin/run-local runs it (its JVM options), fresh data, free ports, every provider pointed at {@code fake}. */
    static LocalStack startStack(Path root, Path work, DelayedProvider fake) throws Exception {
        return startStack(root, work, fake, List.of());
    }

    /** As {@link #startStack(Path, Path, DelayedProvider)}, with {@code extraJavaOptions} added to each service JVM's. */
    static LocalStack startStack(Path root, Path work, DelayedProvider fake, List<String> extraJavaOptions)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        for (Provider provider : Provider.values()) {
            env.put("SPRINTRR_PROVIDERS_" + provider.name() + "_BASE_URL", fake.baseUrl(provider));
            env.put("SPRINTRR_PROVIDERS_" + provider.name() + "_PLATFORM_KEY", "bench-platform-key-" + provider.id());
        }
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, LocalStack.freePort());
        }
        log("starting the local stack (logs in %s)", work.resolve("logs"));
        // Fresh data and bin/run-local's JVM options: the stack as a user runs it, on free ports.
        LocalStack.Options options = new LocalStack.Options(root, work, LocalStack.freePort(), LocalStack.freePort(),
                LocalStack.freePort(), ports, env, false, 1,
                java.util.stream.Stream.concat(LocalStack.DEFAULT_JAVA_OPTIONS.stream(), extraJavaOptions.stream()).toList());
        return LocalStack.start(options);
    }

    private void defineTargets(DelayedProvider fake, PeerGateway peer, int accounts, List<String> wanted) {
        String providerMessages = fake.baseUrl(Provider.ANTHROPIC) + "/v1/messages";
        String anthropicBody = "{\"model\":\"" + MODEL + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello\"}]}";
        String byokBody = PROMPT + "\"source\":\"byok\"}";
        String creditsBody = PROMPT + "\"source\":\"credits\",\"mode\":\"quality\"}";
        String[] byokTokens = tokens("bench-byok-", accounts);
        String[] creditTokens = tokens("bench-credits-", accounts);
        String hotToken = "Bearer " + stack.token("bench-hot", Duration.ofHours(6));
        URI generations = URI.create(stack.url(Service.GENERATION) + "/v1/generations");
        Map<String, IntFunction<HttpRequest>> all = new LinkedHashMap<>();
        all.put("direct", i -> post(URI.create(providerMessages), anthropicBody)
                .header("x-api-key", "sk-ant-api03-bench-direct").header("anthropic-version", "2023-06-01").build());
        if (peer != null) {
            String host = fake.baseUrl(Provider.ANTHROPIC) + "/v1";
            String openAiBody = "{\"model\":\"" + MODEL + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Say hello\"}]}";
            all.put("peer", i -> post(URI.create(peer.chatCompletionsUrl()), openAiBody)
                    .header("x-portkey-provider", "anthropic").header("x-portkey-custom-host", host)
                    .header("Authorization", "Bearer sk-ant-api03-bench-peer").build());
        }
        all.put("byok", i -> post(generations, byokBody).header("Authorization", byokTokens[i % accounts]).build());
        all.put("credits", i -> post(generations, creditsBody).header("Authorization", creditTokens[i % accounts]).build());
        all.put("credits-hot", i -> post(generations, creditsBody).header("Authorization", hotToken).build());
        all.forEach((name, target) -> {
            if (wanted.contains(name)) {
                targets.put(name, target);
            }
        });
    }

    private String[] tokens(String prefix, int accounts) {
        String[] tokens = new String[accounts];
        for (int i = 0; i < accounts; i++) {
            tokens[i] = "Bearer " + stack.token(prefix + i, Duration.ofHours(6));
        }
        return tokens;
    }

    private static HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** BYOK accounts save a key (validated against the fake) and turn BYOK on; credits accounts get a grant. */
    private void setUpAccounts(int accounts) throws Exception {
        log("setting up %d byok and %d credits accounts and the hot account", accounts, accounts);
        URI byokKey = URI.create(stack.url(Service.KEY) + "/v1/byok/keys/anthropic");
        URI byokSettings = URI.create(stack.url(Service.KEY) + "/v1/byok/settings");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> work = new ArrayList<>();
            for (int i = 0; i <= accounts; i++) {
                String byokToken = "Bearer " + stack.token("bench-byok-" + i, Duration.ofMinutes(30));
                String creditAccount = i == accounts ? "bench-hot" : "bench-credits-" + i;
                int n = i;
                work.add(pool.submit(() -> {
                    if (n < accounts) {
                        load.expect(put(byokKey, "{\"apiKey\":\"sk-ant-api03-bench-key-" + n + "\"}", byokToken), 200);
                        load.expect(put(byokSettings, "{\"enabled\":true,\"activeProvider\":\"anthropic\"}", byokToken), 200);
                    }
                    load.expect(post(URI.create(stack.url(Service.CREDIT) + "/internal/v1/accounts/" + creditAccount
                            + "/grants"), "{\"credits\":1000000,\"reason\":\"system benchmark\"}")
                            .header("Authorization", "Bearer " + stack.internalToken()).build(), 201);
                    return null;
                }));
            }
            for (Future<Object> done : work) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static HttpRequest put(URI uri, String body, String token) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", token).PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void meterProcesses(PeerGateway peer) throws Exception {
        for (Service service : List.of(Service.GENERATION, Service.KEY, Service.CREDIT)) {
            ServiceInstance instance = stack.instances(service).get(0);
            cpu.add(service.module().replace("-service", ""), () -> instance.pid().orElse(-1), false);
        }
        cpu.add("kafka", stack::kafkaPid, false);
        long postgres = stack.postgresPid();
        cpu.add("postgres", () -> postgres, true);
        if (peer != null) {
            cpu.add("peer", peer::pid, true);
        }
        long self = ProcessHandle.current().pid();
        cpu.add("bench", () -> self, false);
        if (!ProcessCpu.supported()) {
            log("no /proc here (macOS?): CPU per generation is not measured");
        }
    }

    /** Per concurrency, rounds of one slice per target, the order reversed after the first target every other round. */
    private void measure() throws Exception {
        int sliceSeconds = intArg("slice-seconds", 10);
        int rounds = intArg("rounds", 3);
        List<Integer> levels = Arrays.stream(arg("concurrency", "10,64").split(",")).map(Integer::valueOf).toList();
        List<String> lines = new ArrayList<>();
        lines.add(idle());
        for (int clients : levels) {
            Map<String, List<Result>> results = new LinkedHashMap<>();
            Map<String, Map<String, Double>> cpuMillis = new LinkedHashMap<>();
            log("%d clients: %d rounds of %d s slices over %s", clients, rounds, sliceSeconds, targets.keySet());
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(targets.keySet());
                if (round % 2 == 1) {
                    Collections.reverse(order.subList(1, order.size()));
                }
                for (String target : order) {
                    Jfr jfr = args.containsKey("jfr")
                            ? Jfr.start(stack, Path.of(".bench/jfr"), target + "-" + clients + "c-" + round) : null;
                    var before = cpu.snapshot();
                    Result slice = load.closedLoop(targets.get(target), clients, Duration.ofSeconds(sliceSeconds));
                    var used = ProcessCpu.millisBetween(before, cpu.snapshot());
                    if (jfr != null) {
                        jfr.stop();
                    }
                    results.computeIfAbsent(target, t -> new ArrayList<>()).add(slice);
                    used.forEach((process, ms) -> cpuMillis.computeIfAbsent(target, t -> new LinkedHashMap<>())
                            .merge(process, ms, Double::sum));
                    if (slice.firstError() != null) {
                        log("%s: %d errors, first: %s", target, slice.errors(), slice.firstError());
                    }
                }
            }
            lines.addAll(table(clients, results, cpuMillis));
        }
        System.out.println();
        log("load average at the end: %s", loadAverage());
        lines.forEach(System.out::println);
    }

    /**
     * CPU each process spends with no load at all (timers, polls, the broker's own work), in ms per
     * second: the per-generation figures include it, so at low throughput they are inflated by it.
     */
    private String idle() throws InterruptedException {
        var before = cpu.snapshot();
        long start = System.nanoTime();
        Thread.sleep(10_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder line = new StringBuilder("\nIdle CPU (no load for 10 s), ms per second:");
        ProcessCpu.millisBetween(before, cpu.snapshot()).forEach((process, ms) ->
                line.append(String.format(Locale.ROOT, " %s %.1f", process, ms / seconds)));
        return line.toString();
    }

    private List<String> table(int clients, Map<String, List<Result>> results, Map<String, Map<String, Double>> cpuMillis) {
        List<String> lines = new ArrayList<>();
        List<String> processes = cpu.names().stream().filter(p -> !p.equals("bench")).toList();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-7s %-11s %8s %7s %7s %7s %7s %6s | %6s",
                "clients", "target", "req/s", "p50", "p99", "+p50", "+p99", "errors", "CPU"));
        processes.forEach(p -> header.append(String.format(Locale.ROOT, " %10s", p)));
        header.append(String.format(Locale.ROOT, " | %9s", "bench"));
        lines.add("");
        lines.add("CPU: milliseconds per generation (all processes, then each); bench = load generator + provider fake");
        lines.add(header.toString());
        Result direct = results.containsKey("direct") ? Result.merge(results.get("direct")) : null;
        results.forEach((target, slices) -> {
            Result r = Result.merge(slices);
            Map<String, Double> used = cpuMillis.get(target);
            double n = Math.max(1, r.latencies().length);
            double total = processes.stream().mapToDouble(p -> used.getOrDefault(p, 0.0)).sum();
            boolean added = direct != null && !target.equals("direct");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-7d %-11s %8.1f %7.1f %7.1f %7s %7s %6d | %6.2f",
                    clients, target, r.rate(), r.percentileMs(50), r.percentileMs(99),
                    added ? String.format(Locale.ROOT, "%.1f", r.percentileMs(50) - direct.percentileMs(50)) : "-",
                    added ? String.format(Locale.ROOT, "%.1f", r.percentileMs(99) - direct.percentileMs(99)) : "-",
                    r.errors(), ProcessCpu.supported() ? total / n : Double.NaN));
            processes.forEach(p -> line.append(String.format(Locale.ROOT, " %10.2f", used.getOrDefault(p, 0.0) / n)));
            line.append(String.format(Locale.ROOT, " | %9.2f", used.getOrDefault("bench", 0.0) / n));
            lines.add(line.toString());
        });
        return lines;
    }

    /**
     * Issue 10 item 21: restarts generation-service with the warm-up on and off (taken in turn), starts
     * the load the moment readiness says UP, and reports the first seconds of byok and credits traffic.
     */
    private void restarts() throws Exception {
        int seconds = intArg("restart-seconds", 30);
        int rounds = intArg("restart-rounds", 2);
        int clients = intArg("restart-clients", 10);
        IntFunction<HttpRequest> byok = targets.get("byok");
        IntFunction<HttpRequest> credits = targets.get("credits");
        IntFunction<HttpRequest> mixed = i -> i % 2 == 0 ? byok.apply(i / 2) : credits.apply(i / 2);
        ServiceInstance generation = stack.instances(Service.GENERATION).get(0);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-7s %-8s %8s %8s %7s %7s %8s %6s", "round", "warm-up", "ready s",
                "req/s", "p50", "p99", "max", "errors"));
        for (int round = 0; round < rounds; round++) {
            List<Boolean> order = round % 2 == 0 ? List.of(true, false) : List.of(false, true);
            for (boolean warmUp : order) {
                generation.stop();
                long started = System.nanoTime();
                generation.start(Map.of("SPRINTRR_WARMUP_ENABLED", String.valueOf(warmUp)));
                generation.awaitReady(Duration.ofMinutes(3));
                double ready = (System.nanoTime() - started) / 1e9;
                Result r = load.closedLoop(mixed, clients, Duration.ofSeconds(seconds));
                String line = String.format(Locale.ROOT, "%-7d %-8s %8.1f %8.1f %7.1f %7.1f %8.1f %6d", round + 1,
                        warmUp ? "on" : "off", ready, r.rate(), r.percentileMs(50), r.percentileMs(99),
                        r.percentileMs(100), r.errors());
                log("%s", line);
                lines.add(line);
            }
        }
        System.out.println();
        log("first %d s after a generation-service restart, %d clients, byok and credits alternating; load average %s",
                seconds, clients, loadAverage());
        lines.forEach(System.out::println);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static void closeAll(List<AutoCloseable> opened) {
        synchronized (opened) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception e) {
                    System.err.println("Stopping " + opened.get(i) + " failed: " + e);
                }
            }
            opened.clear();
        }
    }

    static void log(String format, Object... values) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, values));
    }
}
