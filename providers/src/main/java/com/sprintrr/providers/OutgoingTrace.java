package com.sprintrr.providers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Client spans and the W3C {@code traceparent} header for the hand-written JDK HTTP clients
 * (providers, key-service, credit-service), which no Quarkus instrumentation sees. Only the standard
 * header is sent (no baggage, nothing else), and a span records method, host, port and status:
 * never a URL query, header or body, so never a key or a prompt. Without an SDK (tests of this
 * module, {@link #NONE}) every call is a no-op.
 */
public final class OutgoingTrace {

    /** The W3C Trace Context header, also the Kafka header of generation-completed. */
    public static final String TRACEPARENT = "traceparent";

    /** Traces nothing and sends no header. */
    public static final OutgoingTrace NONE = new OutgoingTrace(OpenTelemetry.noop());

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final Tracer tracer;

    public OutgoingTrace(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("com.sprintrr");
    }

    /**
     * Starts a client span, a child of the current context, and puts its traceparent on request.
     * The caller makes it current only if it calls further, and ends it with {@link #end}.
     */
    public Span start(String name, String method, URI uri, HttpRequest.Builder request) {
        Span span = start(name, method, uri);
        String traceparent = traceparent(span.getSpanContext());
        if (traceparent != null) {
            request.header(TRACEPARENT, traceparent);
        }
        return span;
    }

    /**
     * Starts a client span, a child of the current context, for a client that writes its own
     * headers: it sends {@link #traceparent(SpanContext)} of the span as {@link #TRACEPARENT}.
     */
    public Span start(String name, String method, URI uri) {
        return tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method)
                .setAttribute(SERVER_ADDRESS, uri.getHost())
                .setAttribute(SERVER_PORT, (long) port(uri))
                .startSpan();
    }

    /** Ends a span with the answer's status; status 0 means there was no answer. */
    public static void end(Span span, int status) {
        if (status > 0) {
            span.setAttribute(STATUS, (long) status);
        }
        if (status == 0 || status >= 500) {
            // No description: an exception message could quote what the peer sent.
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** {@code 00-<trace id>-<span id>-<flags>} for a valid context, null otherwise. */
    public static String traceparent(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The traceparent of the current span, null when nothing is traced. */
    public static String currentTraceparent() {
        return traceparent(Span.current().getSpanContext());
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
