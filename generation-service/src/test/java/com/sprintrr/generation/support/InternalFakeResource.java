package com.sprintrr.generation.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The service's neighbours, faked over HTTP for the whole test JVM: the providers (ProviderFake)
 * and, on a second WireMock server, key-service and credit-service (InternalFake). Tests get both
 * injected into fields of those types.
 */
public class FakesResource implements QuarkusTestResourceLifecycleManager {

    private ProviderFake providers;
    private InternalFake internal;

    /** The platform key the credits path must send to this provider. */
    public static String platformKey(Provider provider) {
        return "platform-" + provider.id() + "-key-for-tests";
    }

    @Override
    public Map<String, String> start() {
        providers = ProviderFake.start();
        internal = InternalFake.start();
        Map<String, String> config = new LinkedHashMap<>(providers.configProperties());
        for (Provider provider : Provider.values()) {
            config.put("sprintrr.providers." + provider.id() + ".platform-key", platformKey(provider));
        }
        config.put("quarkus.rest-client.key-service.url", internal.baseUrl());
        config.put("quarkus.rest-client.credit-service.url", internal.baseUrl());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(providers, new TestInjector.MatchesType(ProviderFake.class));
        injector.injectIntoFields(internal, new TestInjector.MatchesType(InternalFake.class));
    }

    @Override
    public void stop() {
        if (providers != null) {
            providers.close();
        }
        if (internal != null) {
            internal.close();
        }
    }
}
