package com.sprintrr.generation.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/** The internal client on its own, against a WireMock neighbour: what goes out, and every way it can fail. */
class InternalHttpTest {

    private static final String TOKEN = "internal-http-test-token-0123456789";
    private static final String KEY = "sk-ant-api03-never-quote-me";

    record Answer(String provider, String apiKey) {
    }

    record Question(String generationId, String mode) {
    }

    private static WireMockServer neighbour;

    /** Bounds far above any answer time, however loaded the machine: only the timeout test waits for one. */
    private final InternalHttp http = new InternalHttp(Duration.ofSeconds(10), Duration.ofSeconds(30),
            new ObjectMapper(), TOKEN);

    @BeforeAll
    static void start() {
        neighbour = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        neighbour.start();
    }

    @AfterAll
    static void stop() {
        neighbour.stop();
    }

    @Test
    void sendsTheServiceTokenAndReadsTheJsonAnswer() throws Exception {
        neighbour.stubFor(get(urlPathEqualTo("/answer")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"provider\":\"anthropic\",\"apiKey\":\"" + KEY + "\"}")));

        InternalHttp.Reply reply = http.get(uri("/answer"));

        assertEquals(200, reply.status());
        assertEquals(Optional.of(new Answer("anthropic", KEY)), reply.body(Answer.class));
    }

    @Test
    void postsItsBodyAsJson() throws Exception {
        neighbour.stubFor(post(urlPathEqualTo("/holds")).willReturn(aResponse().withStatus(201)));

        InternalHttp.Reply reply = http.post(uri("/holds"), new Question("g-1", "quality"));

        assertEquals(201, reply.status());
        assertEquals(Optional.empty(), reply.body(Answer.class));
        neighbour.verify(postRequestedFor(urlPathEqualTo("/holds"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"generationId\":\"g-1\",\"mode\":\"quality\"}")));
    }

    @Test
    void anErrorStatusIsAnAnswerForTheCallerToJudge() throws Exception {
        neighbour.stubFor(post(urlPathEqualTo("/refused")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"code\":\"byok_disabled\"}")));

        assertEquals(409, http.post(uri("/refused"), null).status());
    }

    @Test
    void aNeighbourSlowerThanTheReadTimeoutIsUnreachableInTime() {
        // The answer comes 60 s late, the timeout is 500 ms: ending the wait before the answer proves
        // the bound, with a margin no loaded machine eats up.
        neighbour.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
        InternalHttp impatient = new InternalHttp(Duration.ofSeconds(10), Duration.ofMillis(500), new ObjectMapper(), TOKEN);

        long started = System.nanoTime();
        InternalHttp.Unreachable failure = assertThrows(InternalHttp.Unreachable.class, () -> impatient.get(uri("/slow")));

        assertEquals("did not answer within 500 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(45)) < 0);
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        InternalHttp.Unreachable failure = assertThrows(InternalHttp.Unreachable.class,
                () -> http.get(URI.create("http://127.0.0.1:" + closed + "/anything")));

        assertTrue(failure.getMessage().startsWith("is unreachable"), failure.getMessage());
    }

    @Test
    void anUnreadableAnswerIsNoAnswerAndIsNeverQuoted() throws Exception {
        neighbour.stubFor(get(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"apiKey\":\"" + KEY + "\", oops")));

        InternalHttp.Reply reply = http.get(uri("/broken"));

        // Jackson's own message would quote the body, key included: the reply swallows it whole.
        assertEquals(Optional.empty(), reply.body(Answer.class));
        assertFalse(reply.toString().contains(KEY));
    }

    @Test
    void anAccountIdIsOnePathSegment() {
        assertEquals("acct-1", InternalHttp.segment("acct-1"));
        assertEquals("a%2Fb%20c%3F", InternalHttp.segment("a/b c?"));
        assertEquals("http://key-service:8081", InternalHttp.withoutTrailingSlash(" http://key-service:8081// "));
    }

    private static URI uri(String path) {
        return URI.create(neighbour.baseUrl() + path);
    }
}
