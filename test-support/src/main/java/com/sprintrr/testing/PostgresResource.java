package com.sprintrr.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the application's datasource at a real PostgreSQL database. The database is named after
 * {@code sprintrr.test.database} (init arg {@code database}), default {@code sprintrr}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = "sprintrr";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", EmbeddedDatabase.jdbcUrl(database),
                "quarkus.datasource.username", EmbeddedDatabase.username(),
                "quarkus.datasource.password", EmbeddedDatabase.password());
    }

    @Override
    public void stop() {
        // Shared by every restart of the application in this JVM; stopped by a shutdown hook.
    }
}
