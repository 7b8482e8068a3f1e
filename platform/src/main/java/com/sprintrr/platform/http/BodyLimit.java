package com.sprintrr.platform.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.sprintrr.platform.problem.Problems;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads every request body before the application does, so the limit {@code sprintrr.http.max-body-bytes}
 * holds for a chunked body as much as for one with a Content-Length (413 {@code payload_too_large},
 * problem+json, either way), and a JSON or text body that is not strict UTF-8 (overlong forms,
 * encoded surrogates, stray bytes) is a 400 {@code invalid_request} instead of text silently
 * altered by a lenient decoder. Quarkus REST then reads the buffered body, never the connection.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, HttpProblems problems,
            @ConfigProperty(name = "sprintrr.http.max-body-bytes", defaultValue = "65536") long maxBytes) {
        router.route().order(HttpProblems.ORDER_BODY).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                long declared = declaredLength(length);
                if (declared < 0) {
                    problems.send(ctx, 400, Problems.INVALID_REQUEST, "Invalid request", "Content-Length is not a number.");
                    return;
                }
                if (declared > maxBytes) {
                    // Refused before a byte is read.
                    problems.tooLarge(ctx, maxBytes);
                    return;
                }
            }
            ctx.next();
        });
        // Fails the context with 413 past the limit, whatever the framing; HttpProblems renders it. A request
        // without a body (Content-Length: 0, or already ended) is passed on untouched: with BodyHandler in
        // between, Quarkus REST waited for a body that never comes; there is nothing to count or check.
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(maxBytes).setMergeFormAttributes(false);
        router.route().order(HttpProblems.ORDER_BODY + 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (ctx.request().isEnded() || (length != null && declaredLength(length) == 0)) {
                ctx.next();
            } else {
                reader.handle(ctx);
            }
        });
        router.route().order(HttpProblems.ORDER_BODY + 2).handler(ctx -> {
            if (isText(ctx) && !strictUtf8(ctx.body().buffer())) {
                problems.send(ctx, 400, Problems.INVALID_REQUEST, "Invalid request", "The body is not valid UTF-8.");
                return;
            }
            ctx.next();
        });
    }

    /** The declared length, or -1 when it is not a plain non-negative decimal number. */
    static long declaredLength(String contentLength) {
        String digits = contentLength.trim();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    private static boolean isText(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String lower = type.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("json") || lower.startsWith("text/");
    }

    /** The JDK's decoder with REPORT refuses overlong forms, surrogates encoded in UTF-8 and truncated sequences. */
    static boolean strictUtf8(Buffer body) {
        if (body == null || body.length() == 0) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.getBytes()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
