package com.sprintrr.providers.fake;

import java.util.LinkedHashMap;
import java.util.Map;

import com.sprintrr.providers.Provider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One provider fake (WireMock) for the whole test JVM of a Quarkus service: the service's provider
 * base URLs point at it, its platform keys are {@link ProviderFake#platformKey}, and tests get the
 * fake injected into a {@code ProviderFake} field.
 */
public class ProviderFakeResource implements QuarkusTestResourceLifecycleManager {

    private ProviderFake fake;

    @Override
    public Map<String, String> start() {
        fake = ProviderFake.start();
        Map<String, String> config = new LinkedHashMap<>(fake.configProperties());
        for (Provider provider : Provider.values()) {
            config.put("sprintrr.providers." + provider.id() + ".platform-key", ProviderFake.platformKey(provider));
        }
        return config;
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
