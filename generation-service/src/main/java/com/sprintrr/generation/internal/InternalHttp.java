package com.sprintrr.generation.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

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
 * provider call, so it is kept to one blocking {@code send}: the response is parsed on the
 * client's selector thread, which completes the exchange and wakes the caller, with no further
 * hand-off. Bodies are small JSON documents, so the read timeout bounds the whole answer.
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

    private final HttpClient http;
    private final ObjectMapper json;
    private final String authorization;
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
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Parse the small answer on the selector thread rather than handing it to a pool thread.
                .executor(Runnable::run)
                .build();
        this.json = json;
        this.authorization = "Bearer " + token;
        this.readTimeout = readTimeout;
        this.trace = trace;
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
        HttpRequest.Builder request = request(uri).GET();
        return send(request, trace.start("GET", "GET", uri, request));
    }

    /** POSTs body as JSON; a null body sends an empty POST. */
    public Reply post(URI uri, Object body) throws Unreachable {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            try {
                publisher = HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Could not write an internal request body", e);
            }
        }
        HttpRequest.Builder request = request(uri).header("Content-Type", "application/json").POST(publisher);
        return send(request, trace.start("POST", "POST", uri, request));
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(readTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private Reply send(HttpRequest.Builder request, Span span) throws Unreachable {
        int status = 0;
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            status = response.statusCode();
            return new Reply(status, response.body(), json);
        } catch (HttpConnectTimeoutException e) {
            throw new Unreachable("could not be connected to in time");
        } catch (HttpTimeoutException e) {
            throw new Unreachable("did not answer within " + readTimeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new Unreachable("is unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("was not waited for: the call was interrupted");
        } finally {
            OutgoingTrace.end(span, status);
        }
    }
}
