package com.sprintrr.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Tests read the spans their service ends from memory (a CDI span exporter beside platform's
 * UnexportedSpans). A bean only in the services that index test-support
 * ({@code %test.quarkus.index-dependency.test-support.*}): the others keep no spans.
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
