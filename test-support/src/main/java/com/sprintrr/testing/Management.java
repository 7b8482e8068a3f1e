package com.sprintrr.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the service under test: {@code /q/health}, {@code /q/metrics} and
 * {@code /q/openapi} are served on their own port (platform: {@code quarkus.management.enabled}), a
 * free one in tests, never on the API port RestAssured talks to by default.
 */
public final class Management {

    private Management() {
    }

    /** The port the management interface of the running {@code @QuarkusTest} application is bound to. */
    public static int port() {
        // With quarkus.management.test-port=0 Quarkus publishes the bound port under the same name.
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** A request to the management port, e.g. {@code Management.given().get("/q/health/ready")}. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
