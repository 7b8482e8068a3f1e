package com.sprintrr.generation.bench;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The benchmark's neighbours key-service and credit-service as one lean Vert.x server answering
 * at once (the provider is local-stack's DelayedProvider). Lean on purpose: on a 2-core machine a
 * WireMock request costs about a millisecond of CPU, which the benchmark would otherwise book as
 * latency added by generation-service.
 */
final class BenchFakes implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private HttpServer internal;

    void start(String userKey) throws Exception {
        // With key-service's stateVersion (issue 12), so the service's credential cache may keep the answer.
        Buffer credential = Buffer.buffer("{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-6\",\"apiKey\":\""
                + userKey + "\",\"stateVersion\":1}");
        Buffer settings = Buffer.buffer("{\"enabled\":true,\"activeProvider\":\"anthropic\",\"model\":\"claude-sonnet-4-6\","
                + "\"stateVersion\":1}");
        Buffer hold = Buffer.buffer("{\"generationId\":\"x\",\"amount\":2,\"status\":\"held\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");

        internal = listen(request -> request.body().onSuccess(body -> {
            String path = request.path();
            if (path.endsWith("/byok/credential")) {
                json(request, 200, credential);
            } else if (path.endsWith("/holds")) {
                json(request, 201, hold);
            } else if (path.endsWith("/byok")) {
                json(request, 200, settings);
            } else {
                request.response().setStatusCode(404).end();
            }
        }));
    }

    String internalBaseUrl() {
        return "http://127.0.0.1:" + internal.actualPort();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The JVM exits right after; nothing to keep.
        }
    }

    private HttpServer listen(io.vertx.core.Handler<HttpServerRequest> handler) throws Exception {
        return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void json(HttpServerRequest request, int status, Buffer body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
