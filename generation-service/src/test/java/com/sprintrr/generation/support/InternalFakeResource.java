package com.sprintrr.generation.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * key-service and credit-service, faked over HTTP on their own WireMock server for the whole test
 * JVM (the providers are the shared ProviderFakeResource). Tests get it injected into an
 * {@link InternalFake} field.
 */
public class InternalFakeResource implements QuarkusTestResourceLifecycleManager {

    private InternalFake internal;

    @Override
    public Map<String, String> start() {
        internal = InternalFake.start();
        return Map.of(
                "sprintrr.generation.internal.key-service-url", internal.baseUrl(),
                "sprintrr.generation.internal.credit-service-url", internal.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(internal, new TestInjector.MatchesType(InternalFake.class));
    }

    @Override
    public void stop() {
        if (internal != null) {
            internal.close();
        }
    }
}
