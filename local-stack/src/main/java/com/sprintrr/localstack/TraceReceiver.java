package com.sprintrr.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * DEVELOPMENT TOOL ONLY ({@code bin/run-local --trace}): the smallest OTLP/HTTP trace receiver that
 * lets a developer see one generation's whole trace without installing a collector. The services
 * export to it as they would to a collector (standard {@code QUARKUS_OTEL_EXPORTER_OTLP_*} settings,
 * protocol {@code http/protobuf}); it decodes each {@code ExportTraceServiceRequest} with the
 * official OpenTelemetry protobuf classes and, once a trace has been quiet for a moment, appends it
 * to a file as an indented span tree (service, span, kind, duration, status, attributes). A trace
 * that gets more spans later (credit-service settles the event after the request) is written again.
 */
final class TraceReceiver implements AutoCloseable {

    /** A trace is written once no span of it arrived for this long (the exporters batch for ~5 s). */
    private static final long QUIET_MILLIS = 3_000;

    private final HttpServer server;
    private final Path file;
    private final Map<String, TraceBuffer> traces = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "trace-writer");
        thread.setDaemon(true);
        return thread;
    });

    /** One span as received, with the service that sent it. */
    private record Received(String service, Span span) {
    }

    /** The spans of one trace so far, and when the last one arrived. */
    private static final class TraceBuffer {
        final List<Received> spans = new ArrayList<>();
        long lastArrival;
        boolean dirty;
    }

    private TraceReceiver(HttpServer server, Path file) {
        this.server = server;
        this.file = file;
    }

    /** Listens on 127.0.0.1:{@code port} and writes the traces to {@code file} (created or appended to). */
    static TraceReceiver start(int port, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        TraceReceiver receiver = new TraceReceiver(server, file);
        server.createContext("/", receiver::handle);
        server.start();
        receiver.writer.scheduleWithFixedDelay(() -> receiver.write(false), 1, 1, TimeUnit.SECONDS);
        return receiver;
    }

    /** The base URL the services export to ({@code /v1/traces} is appended by their exporter). */
    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    Path file() {
        return file;
    }

    /** The standard OTLP settings that point a service's exporter here. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        return env;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
            } catch (IOException malformed) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            accept(request);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private void accept(ExportTraceServiceRequest request) {
        long now = System.currentTimeMillis();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = serviceName(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    TraceBuffer trace = traces.computeIfAbsent(hex(span.getTraceId().toByteArray()), id -> new TraceBuffer());
                    synchronized (trace) {
                        trace.spans.add(new Received(service, span));
                        trace.lastArrival = now;
                        trace.dirty = true;
                    }
                }
            }
        }
    }

    private static String serviceName(Resource resource) {
        for (KeyValue attribute : resource.getAttributesList()) {
            if (attribute.getKey().equals("service.name")) {
                return text(attribute.getValue());
            }
        }
        return "unknown-service";
    }

    /** Appends the traces that changed and have been quiet (or, with {@code everything}, all that changed). */
    private synchronized void write(boolean everything) {
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder();
        traces.forEach((traceId, trace) -> {
            synchronized (trace) {
                if (trace.dirty && (everything || now - trace.lastArrival >= QUIET_MILLIS)) {
                    trace.dirty = false;
                    render(traceId, trace.spans, out);
                }
            }
        });
        if (out.length() > 0) {
            try {
                Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("Writing " + file + " failed: " + e);
            }
        }
    }

    /** The trace as a tree: each span under its parent, siblings by start time. */
    static void render(String traceId, List<Received> spans, StringBuilder out) {
        Map<String, List<Received>> children = new LinkedHashMap<>();
        Map<String, Received> byId = new LinkedHashMap<>();
        for (Received received : spans) {
            byId.put(hex(received.span().getSpanId().toByteArray()), received);
        }
        List<Received> roots = new ArrayList<>();
        for (Received received : spans) {
            String parent = hex(received.span().getParentSpanId().toByteArray());
            if (parent.isEmpty() || !byId.containsKey(parent)) {
                roots.add(received);
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(received);
            }
        }
        Comparator<Received> byStart = Comparator.comparingLong(r -> r.span().getStartTimeUnixNano());
        roots.sort(byStart);
        long start = roots.isEmpty() ? 0 : roots.get(0).span().getStartTimeUnixNano();
        out.append("trace ").append(traceId).append("  (").append(spans.size()).append(" spans, first at ")
                .append(Instant.ofEpochSecond(0, start)).append(")\n");
        for (Received root : roots) {
            String parent = hex(root.span().getParentSpanId().toByteArray());
            if (!parent.isEmpty()) {
                out.append("  (parent ").append(parent).append(" not received)\n");
            }
            line(root, children, byStart, start, 1, out);
        }
        out.append('\n');
    }

    private static void line(Received received, Map<String, List<Received>> children, Comparator<Received> byStart,
            long traceStart, int depth, StringBuilder out) {
        Span span = received.span();
        double offsetMs = (span.getStartTimeUnixNano() - traceStart) / 1e6;
        double durationMs = (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6;
        out.append("  ".repeat(depth)).append(String.format(java.util.Locale.ROOT, "%-18s %s  [%s] +%.1f ms, %.1f ms",
                received.service(), span.getName(), kind(span.getKind()), offsetMs, durationMs));
        if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            out.append("  ERROR");
        }
        if (span.getAttributesCount() > 0) {
            List<String> attributes = new ArrayList<>();
            for (KeyValue attribute : span.getAttributesList()) {
                attributes.add(attribute.getKey() + "=" + text(attribute.getValue()));
            }
            out.append("  {").append(String.join(", ", attributes)).append('}');
        }
        if (span.getLinksCount() > 0) {
            out.append("  links=").append(span.getLinksCount());
        }
        out.append('\n');
        List<Received> mine = new ArrayList<>(children.getOrDefault(hex(span.getSpanId().toByteArray()), List.of()));
        mine.sort(byStart);
        for (Received child : mine) {
            line(child, children, byStart, traceStart, depth + 1, out);
        }
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            default -> "internal";
        };
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.getValueCase().name().toLowerCase();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        writer.shutdownNow();
        write(true);
    }
}
