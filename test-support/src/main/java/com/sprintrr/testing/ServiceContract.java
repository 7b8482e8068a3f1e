package com.sprintrr.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/**
 * What every sprintrr service promises operators and callers, checked once here: each service's
 * {@code ServiceBootsTest} is a {@code @QuarkusTest} extending this class.
 */
public abstract class ServiceContract {

    @Test
    void isReadyOnlyWithItsDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                // The platform's bounded check (com.sprintrr.platform.db.DatabaseReadiness), not Quarkus's own.
                .body("checks.name", hasItem("database"));
    }

    @Test
    void servesOpenApiAndMetricsWithoutAuthentication() {
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void guardsInternalPathsWithTheServiceToken() {
        given().when().get("/internal/v1/accounts/someone/anything")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", is("unauthenticated"));
    }
}
