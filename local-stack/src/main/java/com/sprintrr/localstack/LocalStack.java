package com.sprintrr.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.EmbeddedDatabase;
import com.sprintrr.testing.Jwts;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The whole system on localhost without Docker: a real PostgreSQL (embedded binaries), a real
 * Kafka KRaft broker (its own JVM) and the three packaged services, each configured through the
 * same environment variables production uses. Used by {@code bin/run-local} and the end-to-end test.
 */
public final class LocalStack implements AutoCloseable {

    /** The issuer of the tokens the stack mints and the services accept. */
    public static final String ISSUER = "https://auth.sprintrr.local";

    /**
     * Each service JVM's options unless the caller gives others: a 384 MB heap, and no hsperfdata
     * (its sampler woke every 50 ms and cost an idle service about 2 ms of CPU per second, issue 12;
     * jcmd still attaches by process id, only jps/jstat lose sight of the JVM).
     */
    public static final List<String> DEFAULT_JAVA_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:-UsePerfData");

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, List<ServiceInstance>> services = new EnumMap<>(Service.class);
    private final Map<Service, List<Integer>> ports = new EnumMap<>(Service.class);
    private volatile KafkaBroker kafka;
    private DevSecrets secrets;
    private String bootstrapServers;
    private final Map<Service, String> jdbcUrls = new EnumMap<>(Service.class);

    /**
     * Where and on which ports the stack runs; {@code env} is added to (and wins over) each service's
     * environment. Without {@code keepData} the databases and the Kafka log start empty together.
     * {@code instances} copies of each service share the databases and the broker, as replicas do;
     * the first listens on {@link #port}, the others on free ports. {@code javaOptions} go to each
     * service JVM (heap size). {@code managementPorts}: the first instance's management interface
     * (/q/**); a service not in it, and every further instance, gets a free port.
     */
    public record Options(Path repoRoot, Path workDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
            Map<Service, Integer> ports, Map<String, String> env, boolean keepData, int instances,
            List<String> javaOptions, Map<Service, Integer> managementPorts) {

        /** One instance of each service with a 384 MB heap: bin/run-local and the end-to-end test. */
        public Options(Path repoRoot, Path workDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                Map<Service, Integer> ports, Map<String, String> env, boolean keepData) {
            this(repoRoot, workDir, postgresPort, kafkaPort, kafkaControllerPort, ports, env, keepData, 1,
                    DEFAULT_JAVA_OPTIONS);
        }

        /** Management interfaces on free ports. */
        public Options(Path repoRoot, Path workDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                Map<Service, Integer> ports, Map<String, String> env, boolean keepData, int instances,
                List<String> javaOptions) {
            this(repoRoot, workDir, postgresPort, kafkaPort, kafkaControllerPort, ports, env, keepData, instances,
                    javaOptions, Map.of());
        }

        public int port(Service service) {
            return ports.getOrDefault(service, service.defaultPort());
        }

        /** The same options with these management ports for the first instances. */
        public Options withManagementPorts(Map<Service, Integer> managementPorts) {
            return new Options(repoRoot, workDir, postgresPort, kafkaPort, kafkaControllerPort, ports, env, keepData,
                    instances, javaOptions, managementPorts);
        }
    }

    /**
     * The stack of the end-to-end and soak tests: every port free, data starting empty, every provider
     * pointed at {@code fake} with its test platform keys; the repository root is the system property
     * {@code sprintrr.repo.root} (default {@code ..}, the test module's parent).
     */
    public static LocalStack startAgainst(ProviderFake fake, Path workDir, int instances, List<String> javaOptions)
            throws Exception {
        Path root = Path.of(System.getProperty("sprintrr.repo.root", "..")).toAbsolutePath().normalize();
        Files.createDirectories(workDir);
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, freePort());
        }
        return start(new Options(root, workDir, freePort(), freePort(), freePort(), ports,
                providerEnvironment(fake, ProviderFake::platformKey), false, instances, javaOptions));
    }

    /** The services' environment pointing each provider's base URL at {@code fake}, with these platform keys. */
    static Map<String, String> providerEnvironment(ProviderFake fake, Function<Provider, String> platformKey) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Provider provider : Provider.values()) {
            env.put("SPRINTRR_PROVIDERS_" + provider.name() + "_BASE_URL", fake.baseUrl(provider));
            env.put("SPRINTRR_PROVIDERS_" + provider.name() + "_PLATFORM_KEY", platformKey.apply(provider));
        }
        return env;
    }

    private LocalStack(Options options) {
        this.options = options;
    }

    /** Starts everything and returns once every service reports ready; on failure stops what it started. */
    public static LocalStack start(Options options) throws Exception {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path work = options.workDir();
        Files.createDirectories(work);
        for (Service service : Service.values()) {
            Path app = quarkusApp(service);
            if (!Files.exists(app)) {
                throw new IllegalStateException(app + " is missing: build first (./mvnw -B install -DskipTests)");
            }
        }
        secrets = DevSecrets.loadOrCreate(work.resolve("secrets"));
        if (!options.keepData()) {
            deleteTree(work.resolve("kafka"));
        }

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(options.postgresPort())
                .setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(!options.keepData())
                .start();
        started.add(postgres);
        for (Service service : Service.values()) {
            jdbcUrls.put(service, EmbeddedDatabase.ensureDatabase(postgres, service.database()));
        }

        kafka = KafkaBroker.start(work.resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort());
        // A holder, not the broker itself: a test may stop and start the broker while the stack runs.
        started.add(() -> {
            KafkaBroker running = kafka;
            if (running != null) {
                running.close();
            }
        });
        bootstrapServers = kafka.bootstrapServers();

        int instances = Math.max(1, options.instances());
        for (Service service : Service.values()) {
            List<Integer> replicaPorts = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                replicaPorts.add(i == 0 ? options.port(service) : freePort());
            }
            ports.put(service, replicaPorts);
        }
        for (Service service : Service.values()) {
            List<ServiceInstance> replicas = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                int port = ports.get(service).get(i);
                int managementPort = i == 0 ? options.managementPorts().getOrDefault(service, 0) : 0;
                managementPort = managementPort > 0 ? managementPort : freePort();
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(options.javaOptions());
                appCdsOption(quarkusApp(service)).ifPresent(command::add);
                // Started in its quarkus-app directory with the jar's relative name, as the image starts
                // it: an AppCDS archive only serves the class path it was written for ("quarkus-run.jar").
                command.addAll(List.of("-jar", quarkusApp(service).getFileName().toString()));
                String logName = service.module() + (i == 0 ? "" : "-" + i) + ".log";
                replicas.add(new ServiceInstance(service, i, port, managementPort, command,
                        environment(service, i, port, managementPort), quarkusApp(service).getParent(),
                        work.resolve("logs").resolve(logName)));
            }
            services.put(service, replicas);
        }
        // One wave per replica index: the first instances migrate the schemas alone, and a small
        // machine boots three JVMs at a time rather than all of them. A replica that dies while
        // starting (a connection timeout on a busy machine) is restarted, as an orchestrator would.
        int attempts = 3;
        for (int i = 0; i < instances; i++) {
            for (Service service : Service.values()) {
                ServiceInstance instance = services.get(service).get(i);
                started.add(instance);
                instance.start();
            }
            for (Service service : Service.values()) {
                services.get(service).get(i).awaitReady(Duration.ofSeconds(180), attempts);
            }
        }
    }

    /** Below the ephemeral ranges of Linux (32768-60999) and macOS (49152-65535). */
    private static final int PORTS_FROM = 20_000;
    private static final int PORTS_TO = 32_000;
    /** Never the same port twice from this JVM: several are chosen before any of them is bound. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port nobody listens on right now, chosen outside the ephemeral range: a port is chosen
     * well before its process binds it (a second wave of replicas starts minutes later), and a
     * port the kernel hands out for outgoing connections (Kafka, JDBC) could be taken meanwhile.
     */
    public static int freePort() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(PORTS_FROM, PORTS_TO);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException taken) {
                // Someone has it: try another.
            }
        }
        throw new IOException("No free port between " + PORTS_FROM + " and " + PORTS_TO);
    }

    /** The JVM option that loads a service's AppCDS archive. */
    public static final String APP_CDS_OPTION = "-XX:SharedArchiveFile=";

    /**
     * The option loading the AppCDS archive the build left next to the jar ({@code bin/run-local}
     * and {@code bin/bench-system} package with {@code -Dquarkus.package.jar.appcds.enabled=true});
     * empty without one (a plain {@code ./mvnw package}). Classes then come mapped from the archive
     * instead of being read, verified and parsed from the jars at every start. A JVM other than
     * the one that wrote it ignores the archive with a warning and starts as without it.
     */
    static Optional<String> appCdsOption(Path quarkusRunJar) {
        Path archive = quarkusRunJar.resolveSibling("app-cds.jsa");
        return Files.isRegularFile(archive) ? Optional.of(APP_CDS_OPTION + archive) : Optional.empty();
    }

    private Path quarkusApp(Service service) {
        return options.repoRoot().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Generation instance i calls key and credit instance i (mod their count): one upstream each, like a sidecar. */
    private Map<String, String> environment(Service service, int index, int port, int managementPort) {
        Map<String, String> env = new HashMap<>();
        defaultTo(env, "QUARKUS_HTTP_PORT", String.valueOf(port));
        // Each service needs its own, as they all share localhost (in a pod or container it is 9000); not
        // left to the caller's environment: readiness is awaited on exactly this port.
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        defaultTo(env, "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrls.get(service));
        defaultTo(env, "QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.username());
        defaultTo(env, "QUARKUS_DATASOURCE_PASSWORD", EmbeddedDatabase.password());
        defaultTo(env, "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        defaultTo(env, "SPRINTRR_INTERNAL_TOKEN", secrets.internalToken());
        defaultTo(env, "MP_JWT_VERIFY_PUBLICKEY_LOCATION", secrets.jwtPublicKey().toAbsolutePath().toString());
        defaultTo(env, "MP_JWT_VERIFY_ISSUER", ISSUER);
        // glibc gives each thread that allocates its own malloc arena (up to 8 per core), which only
        // grows the resident memory of a JVM with many threads; two suffice (issue 12, idle RSS).
        defaultTo(env, "MALLOC_ARENA_MAX", "2");
        // The packaged services run in the prod profile, whose console logs are JSON: plain text here.
        defaultTo(env, "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        if (service == Service.KEY) {
            defaultTo(env, "SPRINTRR_CRYPTO_KEYS", secrets.cryptoKeys());
            defaultTo(env, "SPRINTRR_CRYPTO_PRIMARY_KEY_ID", secrets.primaryKeyId());
        }
        if (service == Service.GENERATION) {
            defaultTo(env, "SPRINTRR_GENERATION_INTERNAL_KEY_SERVICE_URL", upstream(Service.KEY, index));
            defaultTo(env, "SPRINTRR_GENERATION_INTERNAL_CREDIT_SERVICE_URL", upstream(Service.CREDIT, index));
        }
        env.putAll(options.env());
        return env;
    }

    /** Sets a variable unless the caller's own environment already has it: what the user exports wins. */
    private static void defaultTo(Map<String, String> env, String name, String value) {
        if (System.getenv(name) == null) {
            env.put(name, value);
        }
    }

    private String upstream(Service service, int index) {
        List<Integer> replicaPorts = ports.get(service);
        return "http://localhost:" + replicaPorts.get(index % replicaPorts.size());
    }

    public String url(Service service) {
        return "http://localhost:" + options.port(service);
    }

    /** The first instance's management interface (/q/health, /q/metrics, /q/openapi). */
    public String managementUrl(Service service) {
        return services.get(service).get(0).managementUrl();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String jdbcUrl(Service service) {
        return jdbcUrls.get(service);
    }

    public String internalToken() {
        return secrets.internalToken();
    }

    /**
     * The stack's secrets as environment variables, for a service started by hand next to it
     * ({@code ./mvnw quarkus:dev -pl <service>}), so it accepts the stack's tokens and keys.
     */
    public Map<String, String> secretsEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("SPRINTRR_INTERNAL_TOKEN", secrets.internalToken());
        env.put("SPRINTRR_CRYPTO_KEYS", secrets.cryptoKeys());
        env.put("SPRINTRR_CRYPTO_PRIMARY_KEY_ID", secrets.primaryKeyId());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", secrets.jwtPublicKey().toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", ISSUER);
        return env;
    }

    /** A token for the account, signed with the stack's development key. */
    public String token(String accountId, Duration lifetime) {
        return Jwts.token(accountId, ISSUER, secrets.jwtPrivateKey(), lifetime);
    }

    public Path log(Service service) {
        return services.get(service).get(0).log();
    }

    /** Every instance of the service, first one first. */
    public List<ServiceInstance> instances(Service service) {
        return List.copyOf(services.get(service));
    }

    /** Stops the Kafka broker: gently (SIGTERM) or, with {@code crash}, by SIGKILL. */
    public void stopKafka(boolean crash) {
        KafkaBroker running = kafka;
        kafka = null;
        if (running != null) {
            if (crash) {
                running.kill();
            } else {
                running.close();
            }
        }
    }

    /** Starts the broker again on the same ports and log directory, keeping its topics and offsets. */
    public void startKafka() throws IOException, InterruptedException {
        if (kafka == null) {
            kafka = KafkaBroker.start(options.workDir().resolve("kafka"), options.kafkaPort(),
                    options.kafkaControllerPort());
        }
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the PostgreSQL server and all its backends: connections
     * stay open but nothing answers, as in a storage stall or a long GC-like pause.
     */
    public void signalPostgres(boolean freeze) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(options.workDir().resolve("postgres/postmaster.pid")).get(0).strip());
        List<String> command = new ArrayList<>(List.of("kill", freeze ? "-STOP" : "-CONT", String.valueOf(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> command.add(String.valueOf(d.pid()))));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + (freeze ? "-STOP" : "-CONT") + " of PostgreSQL failed: "
                    + new String(kill.getInputStream().readAllBytes()));
        }
    }

    /** The broker JVM's process id (for CPU accounting), or -1 while it is stopped. */
    public long kafkaPid() {
        KafkaBroker running = kafka;
        return running == null ? -1 : running.pid();
    }

    /** The PostgreSQL server's (postmaster's) process id; its backends are its child processes. */
    public long postgresPid() throws IOException {
        return Long.parseLong(Files.readAllLines(options.workDir().resolve("postgres/postmaster.pid")).get(0).strip());
    }

    /** A new connection to the service's database as the superuser, for checks the APIs cannot make. */
    public Connection connect(Service service) throws SQLException {
        return DriverManager.getConnection(jdbcUrls.get(service), EmbeddedDatabase.username(),
                EmbeddedDatabase.password());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Stops services first, then Kafka, then PostgreSQL. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("Stopping " + started.get(i) + " failed: " + e);
            }
        }
        started.clear();
    }
}
