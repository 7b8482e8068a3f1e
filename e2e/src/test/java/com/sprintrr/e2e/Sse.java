package com.sprintrr.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.restassured.path.json.JsonPath;

/** A minimal server-sent-events client: posts a JSON body and collects the named events. */
final class Sse {

    record Result(List<String> deltas, String completed, String error) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Sse() {
    }

    static Result post(String url, String authorization, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("SSE request answered " + response.statusCode());
        }
        List<String> deltas = new ArrayList<>();
        String completed = null;
        String error = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (line.isEmpty()) {
                if (event != null || data.length() > 0) {
                    String payload = data.toString();
                    if ("delta".equals(event)) {
                        deltas.add(JsonPath.from(payload).getString("text"));
                    } else if ("completed".equals(event)) {
                        completed = payload;
                    } else if ("error".equals(event)) {
                        error = payload;
                    }
                }
                event = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
        if (completed == null) {
            throw new AssertionError("The stream ended without a completed event" + (error == null ? "" : ": " + error));
        }
        return new Result(deltas, completed, error);
    }
}
