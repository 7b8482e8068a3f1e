package com.sprintrr.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses; the single place that knows the RFC 9457 body layout. */
public final class ProblemResponses {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://docs.sprintrr.com/problems/";

    private ProblemResponses() {
    }

    public static Response of(ProblemException problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(MEDIA_TYPE).entity(body(problem));
        Object retryAfter = problem.extensions().get("retryAfterSeconds");
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    public static Response of(int status, String code, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, code, title, detail)).build();
    }

    /** The problem body as an ordered map, for writers outside JAX-RS (SSE error events, Vert.x handlers). */
    public static Map<String, Object> body(int status, String code, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("code", code);
        return body;
    }

    public static Map<String, Object> body(ProblemException problem) {
        Map<String, Object> body = body(problem.status(), problem.code(), problem.title(), problem.detail());
        body.putAll(problem.extensions());
        return body;
    }
}
