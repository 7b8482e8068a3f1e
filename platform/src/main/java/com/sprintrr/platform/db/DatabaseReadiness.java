package com.sprintrr.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness of the database that answers within {@code sprintrr.db.readiness-timeout} (800 ms),
 * whatever state the database is in, so a Kubernetes probe (1-3 s timeout) always gets an answer:
 * DOWN while PostgreSQL is stalled or unreachable, UP again as soon as it answers. Replaces
 * Quarkus's datasource check ({@code quarkus.datasource.health.enabled=false}), which opens a new
 * connection per probe and waits as long as the driver does.
 *
 * <p>The check itself runs on one thread of its own: a probe stuck on a stalled server is not
 * started again, later probes wait for the same one (bounded), so probes never pile up threads or
 * connections, and the health endpoint's thread never blocks.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    private static final String NAME = "database";

    private final Instance<DataSource> dataSources;
    private final Duration timeout;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "database-readiness");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Boolean> probe;

    @Inject
    DatabaseReadiness(Instance<DataSource> dataSources,
            @ConfigProperty(name = "sprintrr.db.readiness-timeout", defaultValue = "800ms") Duration timeout) {
        this.dataSources = dataSources;
        this.timeout = timeout;
    }

    /** Never blocks the calling thread: the answer is the probe's result, or DOWN once the timeout passes. */
    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!dataSources.isResolvable()) {
            return Uni.createFrom().item(response.up().withData("datasource", "none").build());
        }
        return Uni.createFrom().completionStage(currentProbe())
                .map(valid -> valid ? response.up().build()
                        : response.down().withData("reason", "the connection did not validate").build())
                .ifNoItem().after(timeout)
                .recoverWithItem(() -> response.down().withData("reason", "no answer within " + timeout.toMillis() + " ms")
                        .build())
                .onFailure().recoverWithItem(e -> response.down().withData("reason", DatabaseUnavailable.describe(e)).build());
    }

    /** The probe still running, or a new one when the last has finished. */
    private synchronized CompletableFuture<Boolean> currentProbe() {
        if (probe == null || probe.isDone()) {
            DataSource dataSource = dataSources.get();
            probe = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    // One round trip, bounded by the driver too (whole seconds), so the thread comes back.
                    return connection.isValid(2);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, prober);
        }
        return probe;
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}
