package com.sprintrr.credits;

import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.Management;
import com.sprintrr.testing.ServiceContract;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTest extends ServiceContract {

    @Override
    protected String accountScopedGet() {
        return "/v1/credits";
    }

    @Override
    protected JsonEndpoint jsonEndpoint() {
        return new JsonEndpoint("POST", "/internal/v1/accounts/contract-hostile/grants", true,
                "{\"credits\":1,\"reason\":\"contract\"}", List.of(
                "{\"credits\":10.9,\"reason\":\"r\"}",
                "{\"credits\":\"100\",\"reason\":\"r\"}",
                "{\"credits\":1,\"credits\":1000000,\"reason\":\"r\"}",
                "{\"credits\":1,\"reason\":\"a\\u0000b\"}",
                "{\"credits\":1,\"reason\":\"\\udc00\"}"));
    }

    @Test
    void isReadyOnlyWithItsKafkaConsumer() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }
}
