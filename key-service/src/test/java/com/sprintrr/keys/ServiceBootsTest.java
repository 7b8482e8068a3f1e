package com.sprintrr.keys;

import com.sprintrr.testing.ServiceContract;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTest extends ServiceContract {
}
