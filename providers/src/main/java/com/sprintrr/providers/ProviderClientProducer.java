package com.sprintrr.providers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;

/** Makes a service's one {@link ProviderClient} from {@link ProvidersConfig}. */
@ApplicationScoped
public class ProviderClientProducer {

    @Produces
    @Singleton
    ProviderClient providerClient(ProvidersConfig config, Instance<OpenTelemetry> openTelemetry) {
        // quarkus-opentelemetry (through platform) provides the SDK in the services; none elsewhere.
        OutgoingTrace trace = openTelemetry.isResolvable() ? new OutgoingTrace(openTelemetry.get()) : OutgoingTrace.NONE;
        return new ProviderClient(settings(config), trace);
    }

    static ProviderSettings settings(ProvidersConfig config) {
        Map<Provider, String> baseUrls = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            config.endpoint(provider).baseUrl().ifPresent(url -> baseUrls.put(provider, url));
        }
        return new ProviderSettings(baseUrls, config.connectTimeout(), config.validationTimeout(),
                config.requestTimeout());
    }
}
