package com.sprintrr.generation.tracing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Jwts;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * One trace per generation: a request with a traceparent yields this service's server span, the
 * key-service / credit-service client spans (whose traceparent the fakes received, so their server
 * spans are children), the provider span, the database write and the outbox publish, all in the
 * incoming trace; the generation-completed record carries a traceparent of that trace for
 * credit-service (whose own test continues it). No span holds the key or the prompt.
 */
@QuarkusTest
class TracingTest extends GenerationTestBase {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aByokGenerationIsOneTraceThroughKeyServiceTheProviderAndTheEvent() {
        String account = newAccount();
        String key = ProviderFake.sampleKey(Provider.ANTHROPIC);
        internal.byokOn(account, Provider.ANTHROPIC, "claude-sonnet-4-6", key, 1L);
        providers.replyRecorded(Provider.ANTHROPIC, false, key);
        String traceId = hex(32);
        String prompt = "trace-me-not " + UUID.randomUUID();

        String id = generate(account, prompt, null, traceparent(traceId, hex(16)));

        List<LoggedRequest> keyService = new ArrayList<>(internal.settingsRequests(account));
        keyService.addAll(internal.credentialRequests(account));
        assertFalse(keyService.isEmpty());
        keyService.forEach(r -> assertInTrace(traceId, r.getHeader("traceparent"), "key-service " + r.getUrl()));
        List<LoggedRequest> provider = generationRequests(Provider.ANTHROPIC);
        assertEquals(1, provider.size());
        assertInTrace(traceId, provider.get(0).getHeader("traceparent"), "provider call");
        assertInTrace(traceId, eventTraceparent(account, id), "generation-completed record");

        List<SpanData> trace = awaitTrace(traceId, "POST anthropic", "INSERT generations", "generation-completed publish");
        assertKinds(trace, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER);
        assertEquals(keyService.size(), trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT
                && (s.getName().equals("POST") || s.getName().equals("GET"))).count(),
                "one client span per key-service call: " + names(trace));
        assertNothingSecret(trace, key, prompt);
    }

    @Test
    void aCreditsGenerationCarriesTheTraceToCreditService() {
        String account = creditsAccount(Provider.GEMINI, 50, 1);
        String traceId = hex(32);
        String parentSpanId = hex(16);
        String prompt = "trace-me-not " + UUID.randomUUID();

        String id = generate(account, prompt, "speed", traceparent(traceId, parentSpanId));

        List<LoggedRequest> holds = internal.holdRequests(account);
        assertFalse(holds.isEmpty());
        holds.forEach(r -> assertInTrace(traceId, r.getHeader("traceparent"), "credit-service hold"));
        assertInTrace(traceId, generationRequests(Provider.GEMINI).get(0).getHeader("traceparent"), "provider call");
        assertInTrace(traceId, eventTraceparent(account, id), "generation-completed record");

        List<SpanData> trace = awaitTrace(traceId, "POST gemini", "INSERT generations", "generation-completed publish");
        SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals(parentSpanId, server.getParentSpanId(), "the incoming span is the server span's parent");
        assertNothingSecret(trace, ProviderFake.platformKey(Provider.GEMINI), prompt);
    }

    @Test
    void aRequestWithoutATraceparentStartsItsOwnTraceAndTheEventCarriesIt() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        providers.replyRecorded(Provider.OPENAI, false);

        String id = generate(account, "Hello", null, null);

        String header = eventTraceparent(account, id);
        assertNotNull(header, "a traced generation sends its trace even when the caller started none");
        assertInTrace(header.substring(3, 35), generationRequests(Provider.OPENAI).get(0).getHeader("traceparent"),
                "provider call");
    }

    private static String generate(String account, String prompt, String mode, String traceparent) {
        var request = given().header("Authorization", Jwts.bearer(account)).contentType(ContentType.JSON)
                .accept(ContentType.JSON)
                .body(mode == null ? body(prompt, null, null) : body(prompt, "credits", mode));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return request.when().post("/v1/generations").then().statusCode(200).extract().path("id");
    }

    private static String eventTraceparent(String account, String generationId) {
        Events.single(account, generationId);
        for (ConsumerRecord<String, String> record : Events.recordsOf(account)) {
            if (record.value().contains(generationId)) {
                Header header = record.headers().lastHeader("traceparent");
                return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("no record for " + generationId);
    }

    /** Waits until this service has ended spans of the trace with all these names, then returns the trace. */
    private List<SpanData> awaitTrace(String traceId, String... names) {
        Await.until("spans " + String.join(", ", names) + " in trace " + traceId, Duration.ofSeconds(30), () -> {
            List<String> present = names(inTrace(traceId));
            return present.containsAll(List.of(names));
        });
        return inTrace(traceId);
    }

    private List<SpanData> inTrace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .collect(Collectors.toList());
    }

    private static List<String> names(List<SpanData> trace) {
        return trace.stream().map(SpanData::getName).collect(Collectors.toList());
    }

    private static void assertKinds(List<SpanData> trace, SpanKind... kinds) {
        for (SpanKind kind : kinds) {
            assertTrue(trace.stream().anyMatch(s -> s.getKind() == kind), kind + " span in " + names(trace));
        }
    }

    private static void assertNothingSecret(List<SpanData> trace, String key, String prompt) {
        for (SpanData span : trace) {
            String all = span.getName() + " " + span.getAttributes() + " " + span.getEvents() + " " + span.getStatus();
            assertFalse(all.contains(key), "the key in span " + span.getName());
            assertFalse(all.contains(key.substring(0, 8)), "a hint of the key in span " + span.getName());
            assertFalse(all.contains(prompt), "the prompt in span " + span.getName());
        }
    }

    private static void assertInTrace(String traceId, String traceparent, String what) {
        assertNotNull(traceparent, what + " carries a traceparent");
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), what + ": " + traceparent);
        assertEquals(traceId, traceparent.substring(3, 35), what + " is in the trace");
    }

    private static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static String hex(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return out.toString();
    }
}
