package com.sprintrr.generation;

import com.sprintrr.testing.ServiceContract;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTest extends ServiceContract {
}
