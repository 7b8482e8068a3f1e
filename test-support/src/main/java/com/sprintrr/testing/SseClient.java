package com.sprintrr.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one server-sent-events test client: POSTs a JSON body with Accept: text/event-stream and reads
 * the events (JSON data). Not final: a module's facade may extend it to add its own URL and token.
 */
public class SseClient {

    /** One server-sent event. */
    public record Event(String name, JsonNode data) {
    }

    /** The response: status, content type, and either the events or a plain body. */
    public record Result(int status, String contentType, List<Event> events, String body) {

        public List<String> names() {
            List<String> names = new ArrayList<>();
            events.forEach(e -> names.add(e.name()));
            return names;
        }

        public List<String> deltas() {
            List<String> texts = new ArrayList<>();
            events.stream().filter(e -> e.name().equals("delta")).forEach(e -> texts.add(e.data().path("text").asText()));
            return texts;
        }

        public Event last() {
            return events.get(events.size() - 1);
        }

        /** The first event of that name, if the stream had one. */
        public Optional<Event> first(String name) {
            return events.stream().filter(e -> e.name().equals(name)).findFirst();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    // Plain HTTP/1.1: the JDK client's default h2c upgrade is not what the services' clients send.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    protected SseClient() {
    }

    /**
     * Posts {@code body} with these headers and reads events until the stream ends, or until
     * {@code stopAfter} accepts one (then hangs up). A response that is not an event stream comes
     * back as its plain body.
     */
    public static Result post(URI url, Map<String, String> headers, String body, Duration timeout,
            Predicate<Event> stopAfter) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                if (!contentType.startsWith("text/event-stream")) {
                    return new Result(response.statusCode(), contentType, List.of(),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                return new Result(response.statusCode(), contentType, read(in, stopAfter), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Event> read(InputStream in, Predicate<Event> stopAfter) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    Event event = new Event(name == null ? "message" : name, JSON.readTree(data.toString()));
                    events.add(event);
                    if (stopAfter.test(event)) {
                        return events;
                    }
                }
                name = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
        return events;
    }
}
