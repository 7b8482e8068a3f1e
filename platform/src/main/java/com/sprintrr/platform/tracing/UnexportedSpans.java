package com.sprintrr.platform.tracing;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Keeps spans in the process while no OTLP endpoint is configured: the SDK stays on (server spans,
 * W3C propagation to the neighbours, the traceparent stored with outbox rows), but nothing is sent
 * to the OTLP default {@code localhost:4317}, where nothing listens.
 *
 * <p>quarkus-opentelemetry builds its OTLP exporter only when no {@link SpanExporter} bean can be
 * looked up; this bean can be exactly while neither {@code quarkus.otel.exporter.otlp.traces.endpoint}
 * nor {@code quarkus.otel.exporter.otlp.endpoint} is set (both unset, or at the extension's default
 * value, which the extension itself treats as unset). Setting either one exports over OTLP.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = UnexportedSpans.OTLP_DEFAULT,
        lookupIfMissing = true)
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.endpoint", stringValue = UnexportedSpans.OTLP_DEFAULT,
        lookupIfMissing = true)
public class UnexportedSpans implements SpanExporter {

    /** quarkus-opentelemetry's default endpoint (OtlpExporterConfig.DEFAULT_GRPC_BASE_URI). */
    static final String OTLP_DEFAULT = "http://localhost:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
