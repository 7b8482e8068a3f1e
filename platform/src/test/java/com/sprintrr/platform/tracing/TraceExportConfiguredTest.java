package com.sprintrr.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.JwtResource;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With an OTLP endpoint set, no span exporter bean can be looked up: that is the condition under
 * which quarkus-opentelemetry builds its OTLP exporter for that endpoint.
 */
@QuarkusTest
@TestProfile(TraceExportConfiguredTest.WithEndpoint.class)
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class TraceExportConfiguredTest {

    /** An endpoint where nothing listens: the exporter only logs that it could not send. */
    public static class WithEndpoint implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9");
        }
    }

    @Inject
    Instance<SpanExporter> exporters;

    @Test
    void anEndpointHandsTheSpansToTheOtlpExporter() {
        assertTrue(exporters.isUnsatisfied(), "UnexportedSpans must step aside");
    }
}
