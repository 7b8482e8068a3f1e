package com.sprintrr.platform.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * One INFO line per {@code /v1/**} request: method, route template, status and duration. Built from
 * the route template (or the path without its query string when no resource matched), never from the
 * request line, so no query string, header (Authorization) or body can reach it.
 */
@ApplicationScoped
public class AccessLog {

    /** Where Quarkus REST puts the matched resource's path template (request context local) for metrics. */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    void install(@Observes Router router,
            @ConfigProperty(name = "sprintrr.http.access-log", defaultValue = "true") boolean enabled) {
        if (!enabled) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.normalizedPath();
            if (path == null || !path.startsWith("/v1/")) {
                ctx.next();
                return;
            }
            long start = System.nanoTime();
            ctx.addEndHandler(done -> Log.info(line(ctx.request().method().name(), route(ctx, path),
                    ctx.response().getStatusCode(), System.nanoTime() - start)));
            ctx.next();
        });
    }

    /**
     * "POST /v1/generations 200 12.3ms", built by hand: it is written for every request, and a
     * format string (parsed per call, a float formatter) cost more than the rest of the line.
     */
    static String line(String method, String route, int status, long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return new StringBuilder(method.length() + route.length() + 16).append(method).append(' ').append(route)
                .append(' ').append(status).append(' ').append(tenths / 10).append('.').append(tenths % 10)
                .append("ms").toString();
    }

    /** The route template when a resource matched, else the path (normalizedPath has no query string). */
    static String route(RoutingContext ctx, String path) {
        Object template = ctx.request() instanceof HttpServerRequestInternal request
                ? request.context().getLocal(URL_PATH_TEMPLATE) : null;
        String route = template == null ? path : template.toString();
        // Defence in depth: whatever the source, nothing after '?' or ';' and no control characters.
        int cut = indexOfAny(route, '?', ';');
        if (cut >= 0) {
            route = route.substring(0, cut);
        }
        return withoutControlCharacters(route);
    }

    /** Control characters become '_' (no forged log lines); the common clean route is returned as is. */
    static String withoutControlCharacters(String route) {
        char[] chars = null;
        for (int i = 0; i < route.length(); i++) {
            if (Character.isISOControl(route.charAt(i))) {
                if (chars == null) {
                    chars = route.toCharArray();
                }
                chars[i] = '_';
            }
        }
        return chars == null ? route : new String(chars);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
