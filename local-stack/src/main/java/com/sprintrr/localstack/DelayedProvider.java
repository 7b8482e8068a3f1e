package com.sprintrr.localstack;

import java.util.concurrent.TimeUnit;

import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * BENCHMARKS ONLY: an Anthropic stand-in that answers every {@code POST .../v1/messages} with the
 * recorded response after a fixed delay, and every models-list call (key validation) at once.
 * Lean on purpose (two Vert.x event loops, no matching): a WireMock request costs about a
 * millisecond of CPU on a 2-core machine, which a benchmark would book against the gateway.
 */
public final class DelayedProvider implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final HttpServer server;

    private DelayedProvider(long delayMillis) throws Exception {
        Buffer completion = Buffer.buffer(Recorded.body(Provider.ANTHROPIC, false));
        Buffer models = Buffer.buffer("{\"data\":[]}");
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String path = request.path();
            if (path.endsWith("/v1/messages")) {
                if (delayMillis <= 0) {
                    json(request, completion);
                } else {
                    vertx.setTimer(delayMillis, id -> json(request, completion));
                }
            } else if (path.endsWith("/models")) {
                json(request, models);
            } else {
                request.response().setStatusCode(404).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Listens on a free port of 127.0.0.1; generations are answered {@code delayMillis} after the request. */
    public static DelayedProvider start(long delayMillis) throws Exception {
        return new DelayedProvider(delayMillis);
    }

    /** The base URL to configure as a provider's base URL: {@code /anthropic} is the Anthropic API. */
    public String baseUrl(Provider provider) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + provider.id();
    }

    private static void json(HttpServerRequest request, Buffer body) {
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(body);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Only ever closed on the way out; nothing to keep.
        }
    }
}
