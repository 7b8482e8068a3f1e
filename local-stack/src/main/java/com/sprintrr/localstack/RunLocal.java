package com.sprintrr.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/run-local}: starts the local stack, prints where everything is and a demo token, and
 * stops it all on Ctrl-C or SIGTERM. {@code --fresh} starts from empty databases and topics;
 * {@code --simulate-providers} answers provider calls from a local simulator (development only);
 * {@code --trace} exports the services' spans to a local OTLP receiver that writes each trace as a
 * span tree to {@code .local-stack/traces.log} (development only).
 */
public final class RunLocal {

    static final String DEMO_ACCOUNT = "demo-account";

    private RunLocal() {
    }

    public static void main(String[] args) throws Exception {
        boolean fresh = List.of(args).contains("--fresh");
        boolean simulate = List.of(args).contains("--simulate-providers");
        boolean trace = List.of(args).contains("--trace");
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve(env("SPRINTRR_LOCAL_DIR", ".local-stack"));

        LocalStack.Options options = options(root, work, fresh);
        ProviderSimulator simulator = simulate ? ProviderSimulator.start() : null;
        TraceReceiver traces = trace
                ? TraceReceiver.start(Integer.parseInt(env("SPRINTRR_LOCAL_OTLP_PORT", "4318")), work.resolve("traces.log"))
                : null;
        List<AutoCloseable> tools = new ArrayList<>();
        if (simulator != null) {
            tools.add(simulator);
        }
        if (traces != null) {
            tools.add(traces);
        }
        LocalStack stack = startStack(withDevelopmentTools(options, simulator, traces), work, tools);
        CountDownLatch stopped = stopOnShutdown(stack, tools);
        String token = stack.token(DEMO_ACCOUNT, Duration.ofHours(12));
        writeEnvironmentFiles(stack, simulator, work, token);
        printBanner(stack, simulator, traces, root, work, token);
        stopped.await();
    }

    /** Ports from SPRINTRR_LOCAL_* (parsed before anything starts, so a typo starts nothing). */
    private static LocalStack.Options options(Path root, Path work, boolean fresh) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String name = "SPRINTRR_LOCAL_" + service.name() + "_PORT";
            ports.put(service, Integer.parseInt(env(name, String.valueOf(service.defaultPort()))));
            // /q/** (health, metrics, OpenAPI) on a port of its own per service: 9081, 9082, 9083.
            String management = "SPRINTRR_LOCAL_" + service.name() + "_MANAGEMENT_PORT";
            managementPorts.put(service, Integer.parseInt(env(management, String.valueOf(service.defaultPort() + 1000))));
        }
        return new LocalStack.Options(root, work,
                Integer.parseInt(env("SPRINTRR_LOCAL_POSTGRES_PORT", "15432")),
                Integer.parseInt(env("SPRINTRR_LOCAL_KAFKA_PORT", "9092")),
                Integer.parseInt(env("SPRINTRR_LOCAL_KAFKA_CONTROLLER_PORT", "9093")),
                ports, Map.of(), !fresh).withManagementPorts(managementPorts);
    }

    /**
     * With a simulator the services call it, with a trace receiver they export to it, except where
     * the user exported the variable themselves.
     */
    private static LocalStack.Options withDevelopmentTools(LocalStack.Options options, ProviderSimulator simulator,
            TraceReceiver traces) {
        if (simulator == null && traces == null) {
            return options;
        }
        Map<String, String> env = new HashMap<>();
        if (simulator != null) {
            env.putAll(simulator.environment());
        }
        if (traces != null) {
            env.putAll(traces.environment());
        }
        env.keySet().removeIf(name -> System.getenv(name) != null);
        return new LocalStack.Options(options.repoRoot(), options.workDir(), options.postgresPort(),
                options.kafkaPort(), options.kafkaControllerPort(), options.ports(), env, options.keepData())
                .withManagementPorts(options.managementPorts());
    }

    /** Starts the stack; if it fails, the development tools go too. */
    private static LocalStack startStack(LocalStack.Options options, Path work, List<AutoCloseable> tools)
            throws Exception {
        System.out.println("Starting PostgreSQL, Kafka and the three services (logs in " + work.resolve("logs") + ") ...");
        try {
            return LocalStack.start(options);
        } catch (Exception e) {
            closeAll(tools);
            throw e;
        }
    }

    /** Ctrl-C or SIGTERM stops the stack, then the tools; the latch opens when all are down. */
    private static CountDownLatch stopOnShutdown(LocalStack stack, List<AutoCloseable> tools) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local stack ...");
            stack.close();
            closeAll(tools);
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-stop"));
        return stopped;
    }

    /**
     * demo.jwt, env (the README's curl walk-through) and dev.env (./mvnw quarkus:dev -pl &lt;service&gt;
     * next to the stack: its secrets and the simulator's URLs).
     */
    private static void writeEnvironmentFiles(LocalStack stack, ProviderSimulator simulator, Path work, String token)
            throws IOException {
        Files.writeString(work.resolve("demo.jwt"), token);
        Files.writeString(work.resolve("env"), String.join("\n",
                "# source this file for the README's curl walk-through",
                "export TOKEN='" + token + "'",
                "export INTERNAL_TOKEN='" + stack.internalToken() + "'",
                "export KEYS=" + stack.url(Service.KEY),
                "export GENERATIONS=" + stack.url(Service.GENERATION),
                "export CREDITS=" + stack.url(Service.CREDIT),
                ""));
        Map<String, String> devEnv = new LinkedHashMap<>(stack.secretsEnvironment());
        if (simulator != null) {
            devEnv.putAll(simulator.environment());
        }
        StringBuilder devFile = new StringBuilder("# set -a; source this file; then ./mvnw quarkus:dev -pl <service> (README)\n");
        devEnv.forEach((name, value) -> devFile.append(name).append("='").append(value).append("'\n"));
        Files.writeString(work.resolve("dev.env"), devFile);
    }

    /** Where everything is, the demo token and how to try it. */
    private static void printBanner(LocalStack stack, ProviderSimulator simulator, TraceReceiver traces, Path root,
            Path work, String token) {
        System.out.println();
        System.out.println("sprintrr is up (development stack: local secrets in " + work.resolve("secrets") + ")");
        for (Service service : Service.values()) {
            System.out.printf("  %-19s %s   (management %s/q/health, /q/metrics, /q/openapi)%n",
                    service.module(), stack.url(service), stack.managementUrl(service));
        }
        System.out.println("  PostgreSQL          " + stack.jdbcUrl(Service.KEY).replace("sprintrr_keys", "<db>"));
        System.out.println("  Kafka               " + stack.bootstrapServers());
        if (simulator != null) {
            System.out.println();
            System.out.println("  PROVIDER SIMULATOR  " + simulator.url() + "   DEVELOPMENT ONLY: no real AI provider is called.");
            System.out.println("                      Every key is accepted except '" + ProviderSimulator.INVALID_KEY
                    + "'; generations replay recorded provider answers.");
        }
        if (traces != null) {
            System.out.println();
            System.out.println("  TRACES (OTLP)       " + traces.url() + "   DEVELOPMENT ONLY: each trace as a span tree in "
                    + root.relativize(traces.file()));
        }
        System.out.println();
        System.out.println("Demo token for account '" + DEMO_ACCOUNT + "' (12 h; also in " + work.resolve("demo.jwt") + "):");
        System.out.println(token);
        System.out.println();
        System.out.println("Try:  source " + root.relativize(work.resolve("env")) + " && curl -s -H \"Authorization: Bearer $TOKEN\" $CREDITS/v1/credits");
        System.out.println("Press Ctrl-C to stop everything.");
    }

    private static void closeAll(List<AutoCloseable> tools) {
        for (AutoCloseable tool : tools) {
            try {
                tool.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + tool + ": " + e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
