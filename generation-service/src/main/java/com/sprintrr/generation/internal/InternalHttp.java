package com.sprintrr.generation.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.providers.OutgoingTrace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;

/**
 * JSON over HTTP to key-service and credit-service's {@code /internal/**} APIs, with the service
 * token, on the calling (worker) thread. Every generation makes one of these calls before the
 * provider call, so the exchange is a blocking write and read on a kept-alive connection of
 * {@link Http1Connections}, with no thread hand-off. Bodies are small JSON documents, so the read
 * timeout bounds the whole answer.
 *
 * <p>Each call is a client span whose W3C {@code traceparent} header makes key-service's and
 * credit-service's server spans its children ({@link OutgoingTrace}).
 *
 * <p>A credential answer holds a decrypted API key: nothing here logs a body or puts one in an
 * exception message.
 */
@ApplicationScoped
public class InternalHttp {

    /** An answer, whatever its status. */
    public static final class Reply {

        private final int status;
        private final byte[] body;
        private final ObjectMapper json;

        Reply(int status, byte[] body, ObjectMapper json) {
            this.status = status;
            this.body = body;
            this.json = json;
        }

        public int status() {
            return status;
        }

        /** The body as type, or empty when there is none or it does not read as one. */
        public <T> Optional<T> body(Class<T> type) {
            if (body.length == 0) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(json.readValue(body, type));
            } catch (IOException unreadable) {
                // The parser's message may quote the body, which can hold a key: never passed on.
                return Optional.empty();
            }
        }
    }

    /** The neighbour could not be reached or did not answer in time; the message says which. */
    public static final class Unreachable extends Exception {

        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private final Http1Connections http;
    private final ObjectMapper json;
    /** The headers every call sends, framed once. */
    private final String commonHeaders;
    private final Duration readTimeout;
    private final OutgoingTrace trace;

    @Inject
    InternalHttp(GenerationConfig config, ObjectMapper json,
            @ConfigProperty(name = "sprintrr.internal-token") Optional<String> token,
            Instance<OpenTelemetry> openTelemetry) {
        this(config.internal().connectTimeout(), config.internal().readTimeout(), json, token.orElse(""),
                openTelemetry.isResolvable() ? new OutgoingTrace(openTelemetry.get()) : OutgoingTrace.NONE);
    }

    InternalHttp(Duration connectTimeout, Duration readTimeout, ObjectMapper json, String token) {
        this(connectTimeout, readTimeout, json, token, OutgoingTrace.NONE);
    }

    InternalHttp(Duration connectTimeout, Duration readTimeout, ObjectMapper json, String token, OutgoingTrace trace) {
        if (token.indexOf('\r') >= 0 || token.indexOf('\n') >= 0) {
            // It would end the header and start another: refuse it at start rather than send it.
            throw new IllegalStateException("sprintrr.internal-token contains a line break");
        }
        this.http = new Http1Connections(Math.toIntExact(Math.max(1, connectTimeout.toMillis())));
        this.json = json;
        this.commonHeaders = "Authorization: Bearer " + token + "\r\nAccept: application/json\r\n";
        this.readTimeout = readTimeout;
        this.trace = trace;
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** A configured base URL without its trailing slashes, so paths can be appended. */
    public static String withoutTrailingSlash(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** {@code <baseUrl>/internal/v1/accounts/<accountId><rest>}, the account id encoded as one path segment. */
    public static URI accountUri(String baseUrl, String accountId, String rest) {
        return URI.create(baseUrl + "/internal/v1/accounts/" + segment(accountId) + rest);
    }

    /** A path segment as it must appear in a URL (account ids are validated, but never trusted). */
    static String segment(String value) {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
    }

    public Reply get(URI uri) throws Unreachable {
        return send("GET", uri, null);
    }

    /** POSTs body as JSON; a null body sends an empty POST. */
    public Reply post(URI uri, Object body) throws Unreachable {
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else {
            try {
                bytes = json.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Could not write an internal request body", e);
            }
        }
        return send("POST", uri, bytes);
    }

    private Reply send(String method, URI uri, byte[] body) throws Unreachable {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        Span span = trace.start(method, method, uri);
        String traceparent = OutgoingTrace.traceparent(span.getSpanContext());
        String headers = commonHeaders;
        if (traceparent != null) {
            headers = headers + OutgoingTrace.TRACEPARENT + ": " + traceparent + "\r\n";
        }
        if (body != null) {
            headers = headers + "Content-Type: application/json\r\n";
        }
        int status = 0;
        try {
            Http1Connections.Answer answer = http.exchange(method, uri, headers, body, deadline);
            status = answer.status();
            return new Reply(status, answer.body(), json);
        } catch (Http1Connections.ConnectTimeout e) {
            throw new Unreachable("could not be connected to in time");
        } catch (SocketTimeoutException e) {
            throw new Unreachable("did not answer within " + readTimeout.toMillis() + " ms");
        } catch (Http1Connections.NoAnswer e) {
            throw new Unreachable("is unreachable (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new Unreachable("is unreachable (" + e.getClass().getSimpleName() + ")");
        } finally {
            OutgoingTrace.end(span, status);
        }
    }
}
