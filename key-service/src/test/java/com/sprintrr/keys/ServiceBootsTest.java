package com.sprintrr.keys;

import java.util.List;

import com.sprintrr.testing.ServiceContract;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTest extends ServiceContract {

    @Override
    protected String accountScopedGet() {
        return "/v1/byok";
    }

    @Override
    protected JsonEndpoint jsonEndpoint() {
        return new JsonEndpoint("PUT", "/v1/byok/settings", false,
                "{\"enabled\":false,\"activeProvider\":null}", List.of(
                "{\"enabled\":false,\"enabled\":true,\"activeProvider\":null}",
                "{\"enabled\":\"false\",\"activeProvider\":null}",
                "{\"enabled\":0,\"activeProvider\":null}",
                "{\"enabled\":false,\"activeProvider\":\"open\\u0000ai\"}",
                "{\"enabled\":false,\"activeProvider\":\"\\ud800\"}"));
    }
}
