package com.sprintrr.platform.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.platform.problem.ProblemResponses;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses bodies over {@code sprintrr.http.max-body-bytes} with a 413 problem before they are read,
 * so an oversized request gets the same problem+json as every other refusal.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "sprintrr.http.max-body-bytes", defaultValue = "65536") long maxBytes) throws Exception {
        byte[] problem = json.writeValueAsBytes(ProblemResponses.body(413, "payload_too_large", "Payload too large",
                "The body is larger than " + maxBytes + " bytes."));
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, maxBytes)) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(io.vertx.core.buffer.Buffer.buffer(problem));
                return;
            }
            ctx.next();
        });
    }

    private static boolean exceeds(String contentLength, long maxBytes) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
