package com.sprintrr.providers;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Key validation and plain or streamed generation against the three providers; thread-safe. */
public final class ProviderClient {

    /** Error bodies are small; a misbehaving proxy's page need not be read whole. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final ProviderSettings settings;
    private final HttpClient http;
    private final OutgoingTrace trace;

    public ProviderClient(ProviderSettings settings) {
        this(settings, OutgoingTrace.NONE);
    }

    /** trace: a client span and the traceparent header on each provider call. */
    public ProviderClient(ProviderSettings settings, OutgoingTrace trace) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trace = Objects.requireNonNull(trace, "trace");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Checks a key with the provider's models-list call, which costs no tokens. */
    public KeyCheck validateKey(Provider provider, String apiKey) {
        Wire wire = Wire.of(provider);
        if (!sendable(apiKey)) {
            return new KeyCheck.Rejected(KeyCheck.Reason.INVALID, Failures.unsendableKeyMessage(provider));
        }
        URI uri = uri(provider, wire.modelsPath());
        HttpRequest.Builder builder = wire.authenticate(request(uri), apiKey).GET();
        Span span = trace.start("GET " + provider.name().toLowerCase(Locale.ROOT), "GET", uri, builder);
        HttpResponse<String> response;
        try {
            response = exchange(provider, builder.build(), HttpResponse.BodyHandlers.ofString(),
                    settings.validationTimeout(), span);
        } catch (ProviderException e) {
            return Failures.unavailable(e);
        }
        int status = response.statusCode();
        if (isSuccess(status)) {
            return new KeyCheck.Valid();
        }
        JsonNode error = errorOf(response.body());
        Optional<KeyCheck.Reason> refusal = wire.refusal(status, error);
        if (refusal.isPresent()) {
            return new KeyCheck.Rejected(refusal.get(), Failures.refusalMessage(provider, refusal.get()));
        }
        return Failures.unavailable(Failures.fromResponse(wire, status, response.headers(), error));
    }

    /** One plain generation call, bounded by the request timeout. */
    public Completion generate(Provider provider, String apiKey, String model, Prompt prompt) {
        Wire wire = Wire.of(provider);
        GenerationCall call = generationCall(wire, apiKey, model, prompt, false);
        HttpResponse<String> response = exchange(provider, call.request(), HttpResponse.BodyHandlers.ofString(),
                settings.requestTimeout(), call.span());
        if (!isSuccess(response.statusCode())) {
            throw Failures.fromResponse(wire, response.statusCode(), response.headers(), errorOf(response.body()));
        }
        return wire.completion(Json.parse(provider, response.body()));
    }

    /**
     * One streamed generation call, read on the caller's thread: each text piece goes to onDelta as
     * it arrives and the returned text is their concatenation. The request timeout bounds only the
     * wait for the response headers. When onDelta throws, the body is closed and that exception
     * is rethrown unchanged.
     */
    public Completion stream(Provider provider, String apiKey, String model, Prompt prompt,
                             Consumer<String> onDelta) {
        Objects.requireNonNull(onDelta, "onDelta");
        Wire wire = Wire.of(provider);
        GenerationCall call = generationCall(wire, apiKey, model, prompt, true);
        HttpResponse<InputStream> response = exchange(provider, call.request(),
                HttpResponse.BodyHandlers.ofInputStream(), settings.requestTimeout(), call.span());
        InputStream body = response.body();
        try {
            if (!isSuccess(response.statusCode())) {
                throw Failures.fromResponse(wire, response.statusCode(), response.headers(),
                        errorOf(readErrorBody(body)));
            }
            return new StreamRead(wire.streamDecoder(), onDelta).read(body);
        } finally {
            closeQuietly(body);
        }
    }

    /** A generation request and its client span (started: the exchange ends it). */
    private record GenerationCall(HttpRequest request, Span span) {
    }

    private GenerationCall generationCall(Wire wire, String apiKey, String model, Prompt prompt, boolean stream) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Provider provider = wire.provider();
        if (!sendable(apiKey)) {
            throw Failures.unsendableKey(provider);
        }
        String body = Json.write(wire.generationBody(model, prompt, stream));
        URI uri = uri(provider, wire.generationPath(model, stream));
        HttpRequest.Builder builder = wire.authenticate(request(uri), apiKey)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        // Started last, so a request that cannot be built leaves no span open.
        Span span = trace.start("POST " + provider.name().toLowerCase(Locale.ROOT), "POST", uri, builder);
        return new GenerationCall(builder.build(), span);
    }

    private URI uri(Provider provider, String pathAndQuery) {
        return URI.create(settings.baseUrl(provider) + pathAndQuery);
    }

    private static HttpRequest.Builder request(URI uri) {
        // Plain-http endpoints (fakes, local proxies) would get an h2c upgrade attempt otherwise.
        HttpClient.Version version = "https".equalsIgnoreCase(uri.getScheme())
                ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        return HttpRequest.newBuilder(uri).version(version);
    }

    /**
     * Sends on the calling thread and waits at most timeout for the response: for a plain body the
     * whole body, for a stream its headers. {@link CallDeadline} rather than HttpRequest.timeout,
     * which stops at the headers even for a buffered body, and rather than waiting on sendAsync,
     * which costs a thread hand-off (on two cores a new thread) per call.
     */
    private <T> HttpResponse<T> exchange(Provider provider, HttpRequest request,
                                         HttpResponse.BodyHandler<T> handler, Duration timeout, Span span) {
        int status = 0;
        try (CallDeadline deadline = CallDeadline.start(timeout)) {
            try {
                HttpResponse<T> response = http.send(request, handler);
                status = response.statusCode();
                return response;
            } catch (InterruptedException e) {
                if (deadline.expired()) {
                    throw Failures.timeout(provider, timeout);
                }
                Thread.currentThread().interrupt();
                throw Failures.interrupted(provider);
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw Failures.timeout(provider, timeout);
                }
                throw Failures.transport(provider, e, timeout);
            }
        } finally {
            // For a stream the span covers the wait for the headers, not the reading of the body.
            OutgoingTrace.end(span, status);
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** Keys of all three providers are visible ASCII; anything else cannot go in a header. */
    private static boolean sendable(String apiKey) {
        return apiKey != null && !apiKey.isEmpty() && apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static JsonNode errorOf(String body) {
        return Json.lenient(body).path("error");
    }

    private static String readErrorBody(InputStream body) {
        try {
            return new String(body.readNBytes(ERROR_BODY_LIMIT), UTF_8);
        } catch (IOException e) {
            // The status alone still classifies the failure.
            return "";
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closing an unfinished body only cancels the exchange; nothing the caller can act on.
        }
    }

    /** Reads one SSE body into deltas, tracking whether the caller has seen any yet. */
    private static final class StreamRead {

        private final StreamDecoder decoder;
        private final Consumer<String> onDelta;
        private final StringBuilder text = new StringBuilder();
        private boolean delivered;

        StreamRead(StreamDecoder decoder, Consumer<String> onDelta) {
            this.decoder = decoder;
            this.onDelta = onDelta;
        }

        Completion read(InputStream body) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, UTF_8));
            SseParser parser = new SseParser();
            try {
                String line;
                while (!decoder.finished() && (line = lines.readLine()) != null) {
                    parser.line(line).ifPresent(this::deliver);
                }
            } catch (IOException e) {
                throw marked(Failures.brokenStream(decoder.provider(), e));
            }
            if (!decoder.finished()) {
                parser.end().ifPresent(this::deliver);
            }
            return decoded(() -> decoder.completion(text.toString()));
        }

        private void deliver(SseParser.Event event) {
            String delta = decoded(() -> decoder.accept(event));
            if (!delta.isEmpty()) {
                // Outside decoded(): an exception of the caller's own passes through untouched.
                onDelta.accept(delta);
                text.append(delta);
                delivered = true;
            }
        }

        private <T> T decoded(Supplier<T> step) {
            try {
                return step.get();
            } catch (ProviderException e) {
                throw marked(e);
            }
        }

        private ProviderException marked(ProviderException failure) {
            return delivered ? failure.markedAfterFirstDelta() : failure;
        }
    }
}
