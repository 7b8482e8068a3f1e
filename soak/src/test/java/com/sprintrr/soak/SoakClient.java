package com.sprintrr.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.localstack.ServiceInstance;

/**
 * The simulated users' HTTP client: each request goes to the next instance of its service
 * (round-robin, as a load balancer without health checks would), so a killed instance shows up
 * as connection errors the users retry.
 */
final class SoakClient {

    /** An HTTP answer; status 0 means no answer at all (connection refused, reset, timed out, cut). */
    record Answer(int status, JsonNode body, String raw) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            JsonNode node = body == null ? null : body.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);

    private final LocalStack stack;
    private final Map<Service, List<ServiceInstance>> instances = new EnumMap<>(Service.class);
    private final Map<Service, AtomicInteger> next = new EnumMap<>(Service.class);
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Duration tokenLifetime;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    SoakClient(LocalStack stack, Duration tokenLifetime) {
        this.stack = stack;
        this.tokenLifetime = tokenLifetime;
        for (Service service : Service.values()) {
            instances.put(service, stack.instances(service));
            next.put(service, new AtomicInteger());
        }
    }

    /** The user's own request (JWT of the account). */
    Answer call(String accountId, Service service, String method, String path, Object body, Map<String, String> headers) {
        return send(request(service, path, "Bearer " + token(accountId), method, body, headers));
    }

    /** An operator's request on an internal path (the service token). */
    Answer internal(Service service, String method, String path, Object body, Map<String, String> headers) {
        return send(request(service, path, "Bearer " + stack.internalToken(), method, body, headers));
    }

    /** A plain generation the user abandons after {@code patience}: UNKNOWN unless it answered by then. */
    Answer callAndHangUp(String accountId, String path, Object body, Map<String, String> headers, Duration patience) {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                request(Service.GENERATION, path, "Bearer " + token(accountId), "POST", body, headers),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = pending.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return answer(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Answer(0, null, "hung up");
        } catch (ExecutionException e) {
            return new Answer(0, null, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    /**
     * A streamed generation. Returns the completed or error event's data as the body (status 200
     * or the problem's status); status 0 when the stream broke off or the user hung up after the
     * first delta ({@code hangUp}).
     */
    Answer stream(String accountId, String path, Object body, Map<String, String> headers, boolean hangUp) {
        HttpRequest request = request(Service.GENERATION, path, "Bearer " + token(accountId), "POST", body,
                withAccept(headers));
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                return answer(response.statusCode(), String.join("\n", lines.toList()));
            }
            String event = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                    if (hangUp && "delta".equals(event)) {
                        return new Answer(0, null, "hung up");
                    }
                } else if (line.startsWith("data:") && ("completed".equals(event) || "error".equals(event))) {
                    String data = line.substring(5).strip();
                    Answer parsed = answer(200, data);
                    if ("completed".equals(event)) {
                        return parsed;
                    }
                    JsonNode status = parsed.body() == null ? null : parsed.body().get("status");
                    return new Answer(status == null ? 500 : status.asInt(), parsed.body(), data);
                }
            }
            return new Answer(0, null, "stream ended without completed or error");
        } catch (RuntimeException e) {
            // The JDK reports a connection cut mid-stream as an UncheckedIOException from the line stream.
            return new Answer(0, null, e.toString());
        }
    }

    private static Map<String, String> withAccept(Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Accept", "text/event-stream");
        return all;
    }

    private HttpRequest request(Service service, String path, String authorization, String method, Object body,
            Map<String, String> headers) {
        List<ServiceInstance> replicas = instances.get(service);
        ServiceInstance target = replicas.get(Math.floorMod(next.get(service).getAndIncrement(), replicas.size()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.url() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization);
        headers.forEach(builder::header);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            try {
                builder.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (IOException e) {
                throw new IllegalArgumentException("Unserialisable body", e);
            }
        }
        return builder.build();
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    private static Answer answer(int status, String raw) {
        JsonNode body = null;
        if (raw != null && !raw.isBlank()) {
            try {
                body = JSON.readTree(raw);
            } catch (IOException notJson) {
                // Kept raw: a non-JSON answer is itself something the user saw.
            }
        }
        return new Answer(status, body, raw);
    }

    private String token(String accountId) {
        return tokens.computeIfAbsent(accountId, a -> stack.token(a, tokenLifetime));
    }
}
