package com.sprintrr.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.JwtResource;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Without an OTLP endpoint, {@link UnexportedSpans} is the one span exporter quarkus-opentelemetry
 * can look up, so it builds no OTLP exporter (nothing is sent to its default localhost:4317).
 * {@link TraceExportConfiguredTest} checks the other side.
 */
@QuarkusTest
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class TraceExportTest {

    @Inject
    Instance<SpanExporter> exporters;

    @Test
    void withoutAnEndpointSpansAreKeptInTheProcess() {
        List<Class<?>> found = exporters.stream().map(Object::getClass).collect(Collectors.toList());
        assertEquals(1, found.size(), found.toString());
        assertTrue(exporters.get() instanceof UnexportedSpans, found.toString());
    }
}
