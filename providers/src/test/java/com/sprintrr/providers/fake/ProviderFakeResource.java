package com.sprintrr.keys.support;

import java.util.Map;

import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One provider fake (WireMock) for the whole test JVM; the service's provider base URLs point at
 * it, and tests get it injected into a {@code ProviderFake} field.
 */
public class ProviderFakeResource implements QuarkusTestResourceLifecycleManager {

    private ProviderFake fake;

    @Override
    public Map<String, String> start() {
        fake = ProviderFake.start();
        return fake.configProperties();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.MatchesType(ProviderFake.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
