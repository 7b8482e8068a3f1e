package com.sprintrr.platform.http;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.platform.problem.ProblemResponses;
import com.sprintrr.platform.problem.Problems;

import io.quarkus.logging.Log;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem+json for refusals made before a JAX-RS resource runs: the first route checks the URI and
 * header sizes ({@code sprintrr.http.max-uri-chars}, {@code sprintrr.http.max-header-bytes}: 414
 * {@code uri_too_long}, 431 {@code headers_too_large}) and refuses an empty or repeated
 * {@code Idempotency-Key} (400; every service's endpoints taking one), and a failure handler ahead of Quarkus' own
 * renders every status a Vert.x handler fails with (the body limit's 413, an unmatched path's 404, ...).
 * <p>
 * What Netty's HTTP decoder refuses never reaches a route: a request line or header block above
 * {@code quarkus.http.limits.max-initial-line-length} / {@code max-header-size} (set well above ours,
 * so ours answer first), or a malformed Content-Length. Vert.x answers those with an empty 400/414/431
 * and closes the connection; Quarkus has no hook for the server's invalid-request handler.
 */
@ApplicationScoped
public class HttpProblems {

    static final int ORDER_LIMITS = Integer.MIN_VALUE;
    static final int ORDER_BODY = Integer.MIN_VALUE + 1;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Map<Integer, String[]> CODES = Map.ofEntries(
            Map.entry(400, new String[] { Problems.INVALID_REQUEST, "Invalid request", "The request is malformed." }),
            Map.entry(401, new String[] { Problems.UNAUTHENTICATED, "Unauthenticated", "A valid bearer token is required." }),
            Map.entry(403, new String[] { "forbidden", "Forbidden", "This token may not use this endpoint." }),
            Map.entry(404, new String[] { Problems.NOT_FOUND, "Not found", "No such resource." }),
            Map.entry(405, new String[] { "method_not_allowed", "Method not allowed", "This method is not allowed here." }),
            Map.entry(406, new String[] { "not_acceptable", "Not acceptable", "No acceptable representation." }),
            Map.entry(413, new String[] { "payload_too_large", "Payload too large", "The body is too large." }),
            Map.entry(414, new String[] { "uri_too_long", "URI too long", "The request URI is too long." }),
            Map.entry(415, new String[] { "unsupported_media_type", "Unsupported media type", "Send application/json." }),
            Map.entry(417, new String[] { "expectation_failed", "Expectation failed", "Only 'Expect: 100-continue' is supported." }),
            Map.entry(431, new String[] { "headers_too_large", "Request headers too large", "The request headers are too large." }));

    private final ObjectMapper json;

    @Inject
    HttpProblems(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "sprintrr.http.max-uri-chars", defaultValue = "4096") int maxUriChars,
            @ConfigProperty(name = "sprintrr.http.max-header-bytes", defaultValue = "20480") int maxHeaderBytes) {
        router.route().order(ORDER_LIMITS).handler(ctx -> {
            if (ctx.request().uri().length() > maxUriChars) {
                sendKnown(ctx, 414);
            } else if (headerBytes(ctx.request().headers()) > maxHeaderBytes) {
                sendKnown(ctx, 431);
            } else if (!usableIdempotencyKey(ctx.request().headers().getAll(IDEMPOTENCY_KEY))) {
                // JAX-RS hands an empty header to a @HeaderParam as null, i.e. as no key at all.
                send(ctx, 400, Problems.INVALID_REQUEST, "Invalid request",
                        "'Idempotency-Key', when sent, must be one non-empty value.");
            } else {
                ctx.next();
            }
        });
        router.route().order(ORDER_LIMITS).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            // Too late for a status; what was written stands (an SSE stream reports its own errors).
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (status < 400 || status > 599) {
            status = 500;
        }
        if (status >= 500) {
            Log.error("Request failed before or outside a REST endpoint", ctx.failure());
            send(ctx, 500, "internal_error", "Internal error", "Something went wrong on our side.");
        } else if (CODES.containsKey(status)) {
            sendKnown(ctx, status);
        } else {
            send(ctx, status, "http_" + status, "Request refused", null);
        }
    }

    /** 413 {@code payload_too_large} naming the limit. */
    void tooLarge(RoutingContext ctx, long maxBytes) {
        send(ctx, 413, "payload_too_large", "Payload too large", "The body is larger than " + maxBytes + " bytes.");
    }

    private void sendKnown(RoutingContext ctx, int status) {
        String[] problem = CODES.get(status);
        send(ctx, status, problem[0], problem[1], problem[2]);
    }

    /**
     * Ends the exchange with a problem. Refusals made before the body was read close the connection,
     * so an unread body is never taken for the next request.
     */
    void send(RoutingContext ctx, int status, String code, String title, String detail) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(ProblemResponses.body(status, code, title, detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem body could not be written", e);
        }
        var response = ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE);
        if (status != 404 && status != 405 && !ctx.request().isEnded()) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(Buffer.buffer(body));
    }

    private static boolean usableIdempotencyKey(java.util.List<String> values) {
        return values.isEmpty() || (values.size() == 1 && !values.get(0).isBlank());
    }

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }
}
