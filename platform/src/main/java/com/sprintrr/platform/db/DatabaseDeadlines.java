package com.sprintrr.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;
import io.quarkus.logging.Log;

/**
 * Bounds how long one database round trip may stay silent, by who is waiting: a REST request
 * ({@code sprintrr.db.request-timeout}, a few seconds, so a stalled database gives a prompt 503
 * rather than a hung request) or background work (the JDBC {@code socketTimeout}, long enough for
 * retention deletes, settlement batches and migrations, yet still a bound). Set on every checkout
 * because pooled connections serve both; it is only a socket option, no round trip.
 *
 * <p>A client-side bound rather than PostgreSQL's {@code statement_timeout}: a stopped or
 * partitioned server cannot enforce its own timeout, and a server-side limit low enough for
 * requests would cancel legitimate long background statements.
 */
@ApplicationScoped
public class DatabaseDeadlines implements AgroalPoolInterceptor {

    /** setNetworkTimeout wants an executor for aborting; PostgreSQL's driver never uses it. */
    private static final Executor DIRECT = Runnable::run;

    private final int requestMillis;
    private final int backgroundMillis;

    @Inject
    DatabaseDeadlines(@ConfigProperty(name = "sprintrr.db.request-timeout", defaultValue = "5s") Duration request,
            @ConfigProperty(name = "sprintrr.db.background-timeout", defaultValue = "60s") Duration background) {
        this.requestMillis = Math.toIntExact(request.toMillis());
        this.backgroundMillis = Math.toIntExact(background.toMillis());
    }

    /** The REST layer's current request lives in the request context: ask only when one is active (not at startup). */
    private static boolean servingRestRequest() {
        return Arc.container().requestContext().isActive() && CurrentRequestManager.get() != null;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        int millis = servingRestRequest() ? requestMillis : backgroundMillis;
        try {
            connection.setNetworkTimeout(DIRECT, millis);
        } catch (SQLException e) {
            // A connection that refuses a socket option fails its first statement anyway, as a 503.
            Log.debugf("Could not bound a database connection: %s", DatabaseUnavailable.describe(e));
        }
    }
}
