package com.sprintrr.credits.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/** Makes the configured rules injectable; a plan or price that makes no sense stops the start. */
public class RulesProducer {

    @Produces
    @Singleton
    @Startup
    CreditRules rules(CreditsConfig config) {
        return CreditRules.of(config);
    }
}
