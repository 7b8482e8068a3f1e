package com.sprintrr.platform.warmup;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.platform.db.DatabaseUnavailable;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Start-up warm-up, so the first requests after a restart do not pay for it (p99 of 5 s for 30 s
 * after a restart, issue item 21): fills the connection pool, runs the JSON mapper and the JWT
 * verifier, then sends requests to the service's own port on loopback (routing, security, problem
 * mapping), all without touching data. Runs on a thread of its own and never blocks boot;
 * {@link WarmUpReadiness} stays DOWN until it has finished or {@code sprintrr.warmup.max-duration}
 * has passed, whichever comes first, so a pod is never left unready by a warm-up that hangs.
 */
@ApplicationScoped
public class WarmUp {

    /** Where the warm-up stands, as readiness reports it. */
    public enum State {
        RUNNING, DONE, TIMED_OUT, DISABLED
    }

    private static final String SAMPLE_JSON = """
            {"provider":"openai","model":"gpt-4o-mini","prompt":"Write a haiku about autumn leaves.",
             "maxOutputTokens":256,"temperature":0.7,"stream":false,"credits":12,
             "usage":{"inputTokens":17,"outputTokens":42},"tags":["a","b","c"],"id":"6f1c2b9e-7d4a-4c1e-9f00-1b2c3d4e5f60"}
            """;

    private final Instance<DataSource> dataSources;
    private final Instance<ObjectMapper> mappers;
    private final Instance<JWTParser> jwtParsers;
    private final Instance<HttpServer> httpServers;
    private final Instance<WarmUpStep> extraSteps;
    private final WarmUpConfig config;
    private final Optional<Integer> poolMinSize;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "warm-up");
        thread.setDaemon(true);
        return thread;
    });
    /** Completes when the HTTP server listens; the loopback step waits for it (bounded by max-duration). */
    private final CompletableFuture<URI> server = new CompletableFuture<>();
    private volatile CompletableFuture<Void> finished;
    private volatile State state = State.RUNNING;
    /** One line per finished step, for the log line at the end. */
    private final List<String> summary = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Loopback requests that got an answer; tests read it to prove the HTTP step ran. */
    final AtomicInteger answered = new AtomicInteger();

    /** Through {@code Instance}: a module without a datasource, JSON or JWT still boots and skips that step. */
    @Inject
    WarmUp(Instance<DataSource> dataSources, Instance<ObjectMapper> mappers, Instance<JWTParser> jwtParsers,
            Instance<HttpServer> httpServers, @Any Instance<WarmUpStep> extraSteps, WarmUpConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.min-size") Optional<Integer> poolMinSize) {
        this.dataSources = dataSources;
        this.mappers = mappers;
        this.jwtParsers = jwtParsers;
        this.httpServers = httpServers;
        this.extraSteps = extraSteps;
        this.config = config;
        this.poolMinSize = poolMinSize;
    }

    void onStart(@Observes StartupEvent event) {
        begin();
    }

    /**
     * Fired (asynchronously) once the server listens; StartupEvent may come before that. A refused
     * connection is still retried, bounded, in case a mode fires it earlier.
     */
    void onHttpServer(@ObservesAsync HttpServerStart event) {
        String host = event.options().getHost();
        boolean anyAddress = host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("localhost");
        int port = event.options().getPort();
        if (port <= 0 && httpServers.isResolvable()) {
            // A random port (tests): the options say 0, the server bean knows the bound one.
            port = httpServers.get().getPort();
        }
        if (port > 0) {
            server.complete(URI.create("http://" + (anyAddress ? "127.0.0.1" : host) + ":" + port));
        }
    }

    int answered() {
        return answered.get();
    }

    /** What readiness reports. */
    public State state() {
        return state;
    }

    private synchronized void begin() {
        if (finished != null) {
            return;
        }
        if (!config.enabled()) {
            state = State.DISABLED;
            finished = CompletableFuture.completedFuture(null);
            return;
        }
        long start = System.nanoTime();
        finished = CompletableFuture.runAsync(this::runSteps, worker);
        // The deadline does not depend on the worker: a hung step cannot hold readiness DOWN.
        finished.orTimeout(config.maxDuration().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (failure instanceof TimeoutException) {
                state = State.TIMED_OUT;
                Log.warnf("Warm-up not finished after %d ms (sprintrr.warmup.max-duration); reporting ready anyway", millis);
            } else {
                state = State.DONE;
                Log.infof("Warm-up finished in %d ms (%s)", millis, String.join("; ", summary));
            }
        });
    }

    private void runSteps() {
        step("connection pool", this::fillPool);
        step("json", this::exerciseJson);
        step("jwt", this::exerciseJwt);
        step("http", this::exerciseHttp);
        for (WarmUpStep extra : extraSteps) {
            step(extra.name(), extra::run);
        }
    }

    /** A failing step is logged and skipped: warming up is best effort, readiness checks report real faults. */
    private void step(String name, WarmUpStep.Action action) {
        long start = System.nanoTime();
        try {
            String result = action.run();
            summary.add(name + ": " + result + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("warm-up interrupted", e);
        } catch (Exception e) {
            Log.infof("Warm-up %s skipped: %s", name, DatabaseUnavailable.describe(e));
        }
    }

    /** Opens the pool's min-size connections at once (one at a time would reuse the same one) and validates each. */
    private String fillPool() throws Exception {
        if (!dataSources.isResolvable()) {
            return "no datasource";
        }
        DataSource dataSource = dataSources.get();
        int size = Math.max(1, poolMinSize.orElse(1));
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Connection connection = dataSource.getConnection();
                held.add(connection);
                connection.isValid(2);
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        return size + " connections";
    }

    /** Reads and writes a representative payload, and takes the strict reader's refusal path too. */
    private String exerciseJson() throws Exception {
        if (!mappers.isResolvable()) {
            return "no object mapper";
        }
        ObjectMapper mapper = mappers.get();
        String duplicate = "{\"credits\":1,\"credits\":2}";
        for (int i = 0; i < config.jsonRounds(); i++) {
            JsonNode tree = mapper.readTree(SAMPLE_JSON);
            Map<?, ?> map = mapper.readValue(SAMPLE_JSON, Map.class);
            mapper.writeValueAsString(tree);
            mapper.writeValueAsBytes(map);
            try {
                mapper.readTree(duplicate);
            } catch (com.fasterxml.jackson.core.JsonProcessingException expected) {
                // The refusal path is what a bad request pays for.
            }
        }
        return config.jsonRounds() + " rounds";
    }

    /**
     * Verifies a token signed by no one: verification fails (nothing is cached, only verified tokens
     * are), but parsing, key loading and the RS256 check have all run.
     */
    private String exerciseJwt() {
        if (!jwtParsers.isResolvable()) {
            return "no JWT parser";
        }
        JWTParser parser = jwtParsers.get();
        String token = unsignedToken();
        int refused = 0;
        for (int i = 0; i < config.jwtRounds(); i++) {
            try {
                parser.parse(token);
            } catch (ParseException expected) {
                refused++;
            }
        }
        return refused + " of " + config.jwtRounds() + " refused";
    }

    private static String unsignedToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"sub\":\"warm-up\",\"upn\":\"warm-up\",\"iss\":\"warm-up\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        byte[] signature = new byte[256];
        new SecureRandom().nextBytes(signature);
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(signature);
    }

    /**
     * Requests to the service's own harmless paths, without a token and with a forged one, so the
     * event loop, routing, the security layers and the problem+json writer are loaded and compiled.
     */
    private String exerciseHttp() throws Exception {
        URI base = server.get(config.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
        // HTTP/1.1 as the callers speak it; java.net.http would otherwise try an h2c upgrade, which
        // Quarkus REST answers with a 500 on GET (see the report of issue item 21).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String forged = "Bearer " + unsignedToken();
        int sent = 0;
        for (int round = 0; round < config.httpRounds(); round++) {
            for (String path : config.httpPaths()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).GET();
                if (round % 2 == 1) {
                    request.header("Authorization", forged);
                }
                send(http, request.build());
                sent++;
            }
        }
        return sent + " requests";
    }

    /** The server may still be binding when its start event fires: a refused connection is retried, bounded. */
    private void send(HttpClient http, HttpRequest request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                answered.incrementAndGet();
                return;
            } catch (ConnectException refused) {
                if (attempt >= 20) {
                    throw refused;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
