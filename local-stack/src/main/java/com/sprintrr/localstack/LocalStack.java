package com.sprintrr.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final Options options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, ManagedProcess> services = new EnumMap<>(Service.class);
    private DevSecrets secrets;
    private String bootstrapServers;
    private final Map<Service, String> jdbcUrls = new EnumMap<>(Service.class);

    /**
     * Where and on which ports the stack runs; {@code env} is added to (and wins over) each service's
     * environment. Without {@code keepData} the databases and the Kafka log start empty together.
     */
    public record Options(Path repoRoot, Path workDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
            Map<Service, Integer> ports, Map<String, String> env, boolean keepData) {

        public int port(Service service) {
            return ports.getOrDefault(service, service.defaultPort());
        }
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

        KafkaBroker kafka = KafkaBroker.start(work.resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort());
        started.add(kafka);
        bootstrapServers = kafka.bootstrapServers();

        for (Service service : Service.values()) {
            ManagedProcess process = ManagedProcess.start(service.module(),
                    List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xms64m", "-Xmx384m", "-jar", quarkusApp(service).toString()),
                    environment(service), options.repoRoot(), work.resolve("logs").resolve(service.module() + ".log"));
            services.put(service, process);
            started.add(process);
        }
        for (Service service : Service.values()) {
            awaitReady(service, Duration.ofSeconds(180));
        }
    }

    private Path quarkusApp(Service service) {
        return options.repoRoot().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private Map<String, String> environment(Service service) {
        Map<String, String> env = new HashMap<>();
        defaultTo(env, "QUARKUS_HTTP_PORT", String.valueOf(options.port(service)));
        defaultTo(env, "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrls.get(service));
        defaultTo(env, "QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.username());
        defaultTo(env, "QUARKUS_DATASOURCE_PASSWORD", EmbeddedDatabase.password());
        defaultTo(env, "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        defaultTo(env, "SPRINTRR_INTERNAL_TOKEN", secrets.internalToken());
        defaultTo(env, "MP_JWT_VERIFY_PUBLICKEY_LOCATION", secrets.jwtPublicKey().toAbsolutePath().toString());
        defaultTo(env, "MP_JWT_VERIFY_ISSUER", ISSUER);
        // The packaged services run in the prod profile, whose console logs are JSON: plain text here.
        defaultTo(env, "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        if (service == Service.KEY) {
            defaultTo(env, "SPRINTRR_CRYPTO_KEYS", secrets.cryptoKeys());
            defaultTo(env, "SPRINTRR_CRYPTO_PRIMARY_KEY_ID", secrets.primaryKeyId());
        }
        if (service == Service.GENERATION) {
            defaultTo(env, "SPRINTRR_GENERATION_INTERNAL_KEY_SERVICE_URL", url(Service.KEY));
            defaultTo(env, "SPRINTRR_GENERATION_INTERNAL_CREDIT_SERVICE_URL", url(Service.CREDIT));
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

    private void awaitReady(Service service, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        ManagedProcess process = services.get(service);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited during start-up; see " + process.log());
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
        throw new IllegalStateException(service.module() + " was not ready within " + timeout + "; see " + process.log());
    }

    public String url(Service service) {
        return "http://localhost:" + options.port(service);
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
        return services.get(service).log();
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
