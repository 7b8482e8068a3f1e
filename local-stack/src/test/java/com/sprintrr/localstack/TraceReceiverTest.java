package com.sprintrr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** bin/run-local --trace: what an OTLP/HTTP exporter sends comes out as one indented tree per trace. */
class TraceReceiverTest {

    private static final byte[] TRACE = bytes(16, 7);

    @Test
    void writesSpansOfSeveralServicesAsOneTreePerTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("traces.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (TraceReceiver receiver = TraceReceiver.start(0, file)) {
            // Two exports, as two services would send them; the child arrives before its parent.
            assertEquals(200, post(http, receiver, request("credit-service",
                    span(2, 1, "POST /internal/v1/accounts/{id}/holds", Span.SpanKind.SPAN_KIND_SERVER, 10, 20))));
            assertEquals(200, post(http, receiver, request("generation-service",
                    span(1, 0, "POST /v1/generations", Span.SpanKind.SPAN_KIND_SERVER, 0, 100))));
            HttpRequest notOtlp = HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/traces"))
                    .POST(HttpRequest.BodyPublishers.ofString("not protobuf \u0000\u00ff")).build();
            assertEquals(400, http.send(notOtlp, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("trace " + "07".repeat(16) + "  (2 spans"), lines.toString());
        assertTrue(lines.get(1).matches("  generation-service +POST /v1/generations  \\[server\\] \\+0\\.0 ms, 0\\.0 ms.*"), lines.get(1));
        assertTrue(lines.get(2).matches("    credit-service +POST /internal/v1/accounts/\\{id\\}/holds  \\[server\\].*\\{http.route=x\\}"), lines.get(2));
    }

    private static int post(HttpClient http, TraceReceiver receiver, ExportTraceServiceRequest request) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build();
        return http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static ExportTraceServiceRequest request(String service, Span span) {
        KeyValue name = KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service)).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(name))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    private static Span span(int id, int parent, String name, Span.SpanKind kind, long startNanos, long endNanos) {
        Span.Builder span = Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE))
                .setSpanId(ByteString.copyFrom(bytes(8, id))).setName(name).setKind(kind)
                .setStartTimeUnixNano(1_000_000_000L + startNanos).setEndTimeUnixNano(1_000_000_000L + endNanos)
                .addAttributes(KeyValue.newBuilder().setKey("http.route").setValue(AnyValue.newBuilder().setStringValue("x")));
        if (parent != 0) {
            span.setParentSpanId(ByteString.copyFrom(bytes(8, parent)));
        }
        return span.build();
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
