package com.sprintrr.generation.api;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.problem.ProblemResponses;

import io.quarkus.logging.Log;

/**
 * Writes one generation's SSE events: {@code delta}*, then {@code completed} or {@code error}.
 * Sends are not awaited, so a slow or vanished client never stalls the provider stream; once the
 * client is gone nothing more is sent, but the generation runs to its end and is recorded.
 */
final class SseWriter {

    private final SseEventSink sink;
    private final Sse sse;
    private volatile boolean started;
    private volatile boolean clientGone;

    SseWriter(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
    }

    /** Whether any event has been sent (after which failures must travel as an error event). */
    boolean started() {
        return started;
    }

    void delta(String text) {
        send("delta", Map.of("text", text), false);
    }

    void completed(GenerationResponse summary) {
        send("completed", summary, true);
    }

    void error(ProblemException problem) {
        send("error", ProblemResponses.body(problem), true);
    }

    private void send(String name, Object data, boolean last) {
        started = true;
        if (clientGone || sink.isClosed()) {
            clientGone = true;
            return;
        }
        OutboundSseEvent event = sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data)
                .build();
        try {
            sink.send(event).whenComplete((ignored, failure) -> {
                if (failure != null && !clientGone) {
                    clientGone = true;
                    Log.debug("SSE client went away; the generation continues and is recorded");
                }
                if (last) {
                    closeQuietly();
                }
            });
        } catch (RuntimeException e) {
            clientGone = true;
        }
    }

    private void closeQuietly() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            // Already closed by the client going away.
        }
    }
}
