package com.sprintrr.generation;

import java.util.List;

import com.sprintrr.testing.ServiceContract;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTest extends ServiceContract {

    @Override
    protected String accountScopedGet() {
        return "/v1/generation/options";
    }

    @Override
    protected JsonEndpoint jsonEndpoint() {
        return new JsonEndpoint("POST", "/v1/generations", false,
                "{\"prompt\":\"hi\"}", List.of(
                "{\"prompt\":\"hi\",\"maxTokens\":\"100\"}",
                "{\"prompt\":\"hi\",\"maxTokens\":100.5}",
                "{\"prompt\":\"hi\",\"maxTokens\":true}",
                "{\"prompt\":\"hi\",\"prompt\":\"something else\"}",
                "{\"prompt\":\"a\\u0000b\"}",
                "{\"prompt\":\"\\ud800\"}"));
    }
}
