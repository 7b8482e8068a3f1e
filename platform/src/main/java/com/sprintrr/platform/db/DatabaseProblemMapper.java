package com.sprintrr.platform.db;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.sprintrr.platform.problem.ProblemMappers;
import com.sprintrr.platform.problem.ProblemResponses;

import io.quarkus.logging.Log;

/**
 * A stalled or unreachable database is 503 {@code database_unavailable} with {@code Retry-After},
 * not 500: whatever type a service wraps its SQLException in. Runs before the platform's catch-all
 * (higher priority for the same exception type) and hands every other failure to it unchanged.
 */
public class DatabaseProblemMapper {

    private final ProblemMappers fallback = new ProblemMappers();

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unavailable(RuntimeException e) {
        if (!DatabaseUnavailable.isCause(e)) {
            return fallback.unexpected(e);
        }
        // The SQL state names the kind of failure; PostgreSQL's messages never hold a key, but the
        // stack trace adds nothing an operator needs for an outage, so it is left out.
        Log.warnf("Database unavailable: %s", DatabaseUnavailable.describe(e));
        return ProblemResponses.of(DatabaseUnavailable.problem());
    }
}
