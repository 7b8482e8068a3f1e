package com.sprintrr.localstack;

/** The three services of the system, with their default port and database. */
public enum Service {
    KEY("key-service", 8081, "sprintrr_keys"),
    GENERATION("generation-service", 8082, "sprintrr_generations"),
    CREDIT("credit-service", 8083, "sprintrr_credits");

    private final String module;
    private final int defaultPort;
    private final String database;

    Service(String module, int defaultPort, String database) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.database = database;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String database() {
        return database;
    }
}
