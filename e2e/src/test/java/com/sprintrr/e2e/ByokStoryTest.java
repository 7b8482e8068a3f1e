package com.sprintrr.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.sprintrr.localstack.FakedStack;
import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.SseClient;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The seed's whole BYOK story, played through the public APIs of the three packaged services
 * running as real processes against one PostgreSQL, one Kafka broker and a provider fake.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ByokStoryTest {

    private static FakedStack system;

    private final String account = "e2e-" + UUID.randomUUID();
    private final String anthropicKey = ProviderFake.sampleKey(Provider.ANTHROPIC);
    private final String geminiKey = ProviderFake.sampleKey(Provider.GEMINI);
    private final String badOpenAiKey = ProviderFake.sampleKey(Provider.OPENAI);
    private String byokGenerationId;

    @BeforeAll
    static void startSystem() throws Exception {
        Path work = Path.of(System.getProperty("sprintrr.e2e.work", "target/e2e-stack")).toAbsolutePath();
        // generation-service keeps no credential answer for a retention after its consumer starts
        // (60 s in production); shortened so the cache is in play within this test's time.
        List<String> options = new java.util.ArrayList<>(LocalStack.DEFAULT_JAVA_OPTIONS);
        options.add("-Dsprintrr.generation.credential-cache.invalidation-retention=2s");
        system = FakedStack.start(work, 1, options, fake -> { });
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void aUserBringsTheirOwnKeyAndKeepsTheirCredits() throws Exception {
        newAccountSeesCreditsAndCatalog();
        invalidKeyIsRejectedAndValidKeyIsStoredAsAHint();
        byokGenerationsUseTheUsersKeyAndCostNothing();
        oneGenerationSwitchedToCreditsCostsExactlyItsMode();
        geminiBecomesTheActiveProvider();
        aKeyTheProviderRefusesShowsRejectedAndACheckClearsIt();
        disablingByokResumesCreditsAndDeletingKeepsTheBalance();
        historyAndUsageAddUpToTheGenerationsMade();
        anotherAccountSeesNoneOfIt();
    }

    @Test
    @Order(2)
    void healthAndMetricsAreOnTheManagementPortNotTheApiPort() {
        // The packaged (prod) build: API clients reach only the API port; probes and Prometheus the other.
        for (Service service : Service.values()) {
            String api = system.stack().url(service);
            String management = system.stack().managementUrl(service);
            for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
                given().get(api + path).then().statusCode(404);
            }
            given().get(management + "/q/health/ready").then().statusCode(200).body("status", is("UP"));
            given().get(management + "/q/health/live").then().statusCode(200);
            given().get(management + "/q/metrics").then().statusCode(200)
                    .body(containsString("jvm_memory_used_bytes"));
            // Nothing of the API is served on the management port.
            given().get(management + "/v1/byok/providers").then().statusCode(404);
        }
    }

    /**
     * Issue 12's rule for generation-service's credential cache: after a change of the model, the
     * active provider, the key itself, or a deletion returned, no generation started more than 1 s
     * later runs on the old state. Three clients generate without pause while the changes are made,
     * so cache fills race every change; a generation that started within the second may show
     * either state. Last: the story reads every request the provider fake received.
     */
    @Test
    @Order(3)
    void noGenerationUsesAChangedStateMoreThanASecondAfterTheChangeReturned() throws Exception {
        String owner = "e2e-fresh-" + UUID.randomUUID();
        String keyA = ProviderFake.sampleKey(Provider.ANTHROPIC) + "A";
        String keyB = ProviderFake.sampleKey(Provider.ANTHROPIC) + "B";
        String gemini = ProviderFake.sampleKey(Provider.GEMINI) + "F";
        ProviderFake fake = system.fake();
        for (String key : List.of(keyA, keyB)) {
            fake.acceptKey(Provider.ANTHROPIC, key);
            fake.replyRecorded(Provider.ANTHROPIC, false, key);
        }
        fake.acceptKey(Provider.GEMINI, gemini);
        fake.replyRecorded(Provider.GEMINI, false, gemini);
        fake.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));
        fake.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
        putKey(owner, "anthropic", keyA);
        putKey(owner, "gemini", gemini);
        as(owner).contentType(ContentType.JSON).body(Map.of("enabled", true, "activeProvider", "anthropic"))
                .put(url(Service.KEY, "/v1/byok/settings")).then().statusCode(200);

        List<Change> changes = List.of(
                new Change("model", "byok anthropic claude-haiku-4-5", () -> as(owner).contentType(ContentType.JSON)
                        .body(Map.of("model", "claude-haiku-4-5")).patch(url(Service.KEY, "/v1/byok/keys/anthropic"))
                        .then().statusCode(200)),
                new Change("active provider", "byok gemini gemini-3.1-flash-lite", () -> as(owner).contentType(ContentType.JSON)
                        .body(Map.of("enabled", true, "activeProvider", "gemini")).put(url(Service.KEY, "/v1/byok/settings"))
                        .then().statusCode(200)),
                new Change("active provider back", "byok anthropic claude-haiku-4-5", () -> as(owner).contentType(ContentType.JSON)
                        .body(Map.of("enabled", true, "activeProvider", "anthropic")).put(url(Service.KEY, "/v1/byok/settings"))
                        .then().statusCode(200)),
                new Change("key replaced", "byok anthropic claude-sonnet-4-6", () -> {
                    as(owner).contentType(ContentType.JSON).body(Map.of("apiKey", keyB, "model", "claude-sonnet-4-6"))
                            .put(url(Service.KEY, "/v1/byok/keys/anthropic")).then().statusCode(200);
                    // From here the old key is refused: a generation still using it answers 422.
                    fake.refuseGeneration(Provider.ANTHROPIC, keyA, Refusal.ANTHROPIC_INVALID);
                }),
                new Change("BYOK off", "credits", () -> as(owner).contentType(ContentType.JSON)
                        .body(Map.of("enabled", false, "activeProvider", "anthropic")).put(url(Service.KEY, "/v1/byok/settings"))
                        .then().statusCode(200)),
                new Change("BYOK on", "byok anthropic claude-sonnet-4-6", () -> as(owner).contentType(ContentType.JSON)
                        .body(Map.of("enabled", true, "activeProvider", "anthropic")).put(url(Service.KEY, "/v1/byok/settings"))
                        .then().statusCode(200)),
                new Change("active key deleted", "credits", () -> as(owner)
                        .delete(url(Service.KEY, "/v1/byok/keys/anthropic")).then().statusCode(204)));

        double hitsBefore = generationMetric(HITS);
        List<Observed> observed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<?>> loops = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    io.restassured.response.Response answer = as(owner).contentType(ContentType.JSON)
                            .body(Map.of("prompt", "What changed?")).post(url(Service.GENERATION, "/v1/generations"));
                    observed.add(new Observed(started, stateOf(answer)));
                }
                return null;
            }));
        }
        long[] returned = new long[changes.size()];
        long[] begun = new long[changes.size()];
        try {
            // Warm the cache on the first state before the first change.
            Await.until("generations on the first state", Duration.ofSeconds(60), () -> observed.size() >= 20);
            for (int i = 0; i < changes.size(); i++) {
                begun[i] = System.nanoTime();
                changes.get(i).apply().run();
                returned[i] = System.nanoTime();
                long settled = returned[i] + Duration.ofMillis(1300).toNanos();
                Await.until("generations started more than a second after '" + changes.get(i).name() + "'",
                        Duration.ofSeconds(60), () -> observed.stream().filter(o -> o.started() > settled).count() >= 5);
            }
        } finally {
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS), "the clients did not stop");
        }
        for (java.util.concurrent.Future<?> loop : loops) {
            loop.get();
        }

        List<Observed> all;
        synchronized (observed) {
            all = List.copyOf(observed);
        }
        long checked = 0;
        for (int i = 0; i < changes.size(); i++) {
            long from = returned[i] + Duration.ofSeconds(1).toNanos();
            long until = i + 1 < changes.size() ? begun[i + 1] : Long.MAX_VALUE;
            String expected = changes.get(i).expected();
            for (Observed o : all) {
                if (o.started() >= from && o.started() < until) {
                    checked++;
                    assertEquals(expected, o.state(), "a generation started "
                            + Duration.ofNanos(o.started() - returned[i]).toMillis() + " ms after '"
                            + changes.get(i).name() + "' returned ran on another state");
                }
            }
        }
        assertTrue(checked >= 5L * changes.size(), "too few generations were checked: " + checked);
        assertTrue(generationMetric(HITS) > hitsBefore,
                "no generation was served from the credential cache: this test would prove nothing about it");
    }

    /** A change of an account's BYOK state and the state a generation shows afterwards. */
    private record Change(String name, String expected, Runnable apply) {
    }

    /** When a generation was started (System.nanoTime) and the state it showed. */
    private record Observed(long started, String state) {
    }

    /** "byok provider model", "credits" (also when credits ran out), or the status and code of anything else. */
    private static String stateOf(io.restassured.response.Response answer) {
        JsonPath body = answer.jsonPath();
        if (answer.statusCode() == 200) {
            return "byok".equals(body.getString("source"))
                    ? "byok " + body.getString("provider") + " " + body.getString("model")
                    : body.getString("source");
        }
        if (answer.statusCode() == 402 && "insufficient_credits".equals(body.getString("code"))) {
            return "credits";
        }
        return answer.statusCode() + " " + body.getString("code");
    }

    private static void putKey(String accountId, String provider, String key) {
        as(accountId).contentType(ContentType.JSON).body(Map.of("apiKey", key))
                .put(url(Service.KEY, "/v1/byok/keys/" + provider)).then().statusCode(200);
    }

    private void newAccountSeesCreditsAndCatalog() {
        as(account).get(url(Service.CREDIT, "/v1/credits")).then().statusCode(200)
                .body("plan", is("free-trial")).body("balance", is(50)).body("available", is(50));
        as(account).get(url(Service.KEY, "/v1/byok/providers")).then().statusCode(200)
                .body("provider", containsInAnyOrder("anthropic", "openai", "gemini"))
                .body("find { it.provider == 'anthropic' }.defaultModel", is("claude-sonnet-4-6"))
                .body("find { it.provider == 'openai' }.models", hasItem("gpt-4o-mini"));
    }

    private void invalidKeyIsRejectedAndValidKeyIsStoredAsAHint() {
        ProviderFake fake = system.fake();
        fake.refuseKey(Provider.OPENAI, badOpenAiKey, Refusal.OPENAI_INVALID);
        as(account).contentType(ContentType.JSON).body(Map.of("apiKey", badOpenAiKey))
                .put(url(Service.KEY, "/v1/byok/keys/openai")).then().statusCode(422).body("code", is("key_rejected"));
        as(account).get(url(Service.KEY, "/v1/byok")).then().statusCode(200).body("keys", empty());

        fake.acceptKey(Provider.ANTHROPIC, anthropicKey);
        String saved = as(account).contentType(ContentType.JSON).body(Map.of("apiKey", anthropicKey))
                .put(url(Service.KEY, "/v1/byok/keys/anthropic")).then().statusCode(200)
                .body("provider", is("anthropic")).body("model", is("claude-sonnet-4-6"))
                .extract().asString();
        assertFalse(saved.contains(anthropicKey), "the raw key came back");

        as(account).contentType(ContentType.JSON).body(Map.of("model", "claude-opus-4-6"))
                .patch(url(Service.KEY, "/v1/byok/keys/anthropic")).then().statusCode(200).body("model", is("claude-opus-4-6"));
        as(account).contentType(ContentType.JSON).body(Map.of("enabled", true, "activeProvider", "anthropic"))
                .put(url(Service.KEY, "/v1/byok/settings")).then().statusCode(200)
                .body("enabled", is(true)).body("activeProvider", is("anthropic"));

        String state = as(account).get(url(Service.KEY, "/v1/byok")).then().statusCode(200)
                .body("keys", hasSize(1)).body("keys[0].provider", is("anthropic"))
                .body("keys[0].model", is("claude-opus-4-6"))
                .extract().asString();
        String hint = JsonPath.from(state).getString("keys[0].hint");
        assertFalse(state.contains(anthropicKey), "the raw key came back");
        long shown = hint.chars().filter(c -> c != '…').count();
        assertTrue(shown <= 10 && shown <= anthropicKey.length() / 4, "the hint shows too much: " + hint);
    }

    private void byokGenerationsUseTheUsersKeyAndCostNothing() throws Exception {
        ProviderFake fake = system.fake();
        fake.replyRecorded(Provider.ANTHROPIC, false, anthropicKey);
        fake.replyRecorded(Provider.ANTHROPIC, true, anthropicKey);

        as(account).get(url(Service.GENERATION, "/v1/generation/options")).then().statusCode(200)
                .body("defaultSource", is("byok"))
                .body("sources.find { it.source == 'byok' }.modeSelectable", is(false))
                .body("sources.find { it.source == 'byok' }.provider", is("anthropic"))
                .body("sources.find { it.source == 'credits' }.modeSelectable", is(true));

        byokGenerationId = as(account).contentType(ContentType.JSON).body(Map.of("prompt", "Summarise my receipt", "mode", "quality"))
                .post(url(Service.GENERATION, "/v1/generations")).then().statusCode(200)
                .body("source", is("byok")).body("provider", is("anthropic")).body("model", is("claude-opus-4-6"))
                .body("mode", nullValue()).body("creditsCharged", is(0))
                .body("text", is(Recorded.ANTHROPIC_TEXT))
                .body("usage.inputTokens", is(406)).body("usage.outputTokens", is(50))
                .extract().jsonPath().getString("id");
        as(account).get(url(Service.GENERATION, "/v1/generations/" + byokGenerationId)).then().statusCode(200)
                .body("source", is("byok")).body("text", is(Recorded.ANTHROPIC_TEXT));

        SseClient.Result streamed = SseClient.post(URI.create(url(Service.GENERATION, "/v1/generations")),
                Map.of("Authorization", bearer(account)), "{\"prompt\":\"Say hello\"}", Duration.ofSeconds(60),
                e -> false);
        assertEquals(200, streamed.status(), () -> "SSE request answered " + streamed.status() + ": " + streamed.body());
        assertEquals(Recorded.ANTHROPIC_STREAM_DELTAS, streamed.deltas());
        SseClient.Event completed = streamed.first("completed").orElseThrow(() -> new AssertionError(
                "The stream ended without a completed event: " + streamed.names()));
        assertEquals("byok", completed.data().path("source").asText());
        assertEquals(Recorded.ANTHROPIC_STREAM_TEXT, completed.data().path("text").asText());
        assertEquals(0, completed.data().path("creditsCharged").asInt());

        List<String> keysSeen = fake.generationRequests(Provider.ANTHROPIC).stream()
                .map(request -> request.getHeader("x-api-key")).toList();
        assertEquals(List.of(anthropicKey, anthropicKey), keysSeen, "the provider must see the user's key only");
        assertTrue(fake.generationRequests(Provider.ANTHROPIC).get(0).getBodyAsString().contains("claude-opus-4-6"));
    }

    private void oneGenerationSwitchedToCreditsCostsExactlyItsMode() {
        String platformGemini = ProviderFake.platformKey(Provider.GEMINI);
        system.fake().replyRecorded(Provider.GEMINI, false, platformGemini);
        as(account).contentType(ContentType.JSON).body(Map.of("prompt", "Capital of France?", "source", "credits", "mode", "speed"))
                .post(url(Service.GENERATION, "/v1/generations")).then().statusCode(200)
                .body("source", is("credits")).body("mode", is("speed")).body("provider", is("gemini"))
                .body("creditsCharged", is(1)).body("text", is(Recorded.GEMINI_TEXT));
        // Events of one account share a partition, so once this debit shows, the earlier BYOK events
        // were consumed too: a balance of exactly 49 proves they changed nothing.
        awaitBalance(account, 49);
        as(account).get(url(Service.CREDIT, "/v1/credits/ledger")).then().statusCode(200)
                .body("findAll { it.type == 'debit' }.amount", is(List.of(-1)));
    }

    private void geminiBecomesTheActiveProvider() {
        ProviderFake fake = system.fake();
        fake.acceptKey(Provider.GEMINI, geminiKey);
        fake.replyRecorded(Provider.GEMINI, false, geminiKey);
        as(account).contentType(ContentType.JSON).body(Map.of("apiKey", geminiKey))
                .put(url(Service.KEY, "/v1/byok/keys/gemini")).then().statusCode(200).body("model", is("gemini-3.1-flash-lite"));
        reachingGenerations(() -> as(account).contentType(ContentType.JSON).body(Map.of("enabled", true, "activeProvider", "gemini"))
                .put(url(Service.KEY, "/v1/byok/settings")).then().statusCode(200).body("activeProvider", is("gemini")));
        as(account).contentType(ContentType.JSON).body(Map.of("prompt", "Capital of France?"))
                .post(url(Service.GENERATION, "/v1/generations")).then().statusCode(200)
                .body("source", is("byok")).body("provider", is("gemini")).body("model", is("gemini-3.1-flash-lite"))
                .body("creditsCharged", is(0)).body("text", is(Recorded.GEMINI_TEXT));
        assertTrue(fake.generationRequests(Provider.GEMINI).stream()
                .anyMatch(request -> geminiKey.equals(request.getHeader("x-goog-api-key"))));
    }

    private void aKeyTheProviderRefusesShowsRejectedAndACheckClearsIt() {
        ProviderFake fake = system.fake();
        fake.refuseGeneration(Provider.GEMINI, geminiKey, Refusal.GEMINI_INVALID);
        as(account).contentType(ContentType.JSON).body(Map.of("prompt", "Capital of France?"))
                .post(url(Service.GENERATION, "/v1/generations")).then().statusCode(422)
                .body("code", is("byok_key_rejected"));
        // key-service learns it from the generation-completed event (its own consumer group).
        Await.until("the gemini key to show rejected", Duration.ofSeconds(60),
                () -> "rejected".equals(keyField("gemini", "status")));
        assertEquals("byok_key_rejected", keyField("gemini", "lastFailureCode"));

        // A live check while the provider still refuses it confirms it; once it accepts the key again, ok.
        fake.refuseKey(Provider.GEMINI, geminiKey, Refusal.GEMINI_INVALID);
        as(account).post(url(Service.KEY, "/v1/byok/keys/gemini/check")).then().statusCode(200)
                .body("status", is("rejected")).body("lastFailureCode", is("key_rejected"));
        fake.acceptKey(Provider.GEMINI, geminiKey);
        as(account).post(url(Service.KEY, "/v1/byok/keys/gemini/check")).then().statusCode(200)
                .body("provider", is("gemini")).body("status", is("ok"));
        assertEquals("ok", keyField("gemini", "status"));
    }

    private String keyField(String provider, String field) {
        Object value = as(account).get(url(Service.KEY, "/v1/byok")).then().statusCode(200).extract()
                .path("keys.find { it.provider == '" + provider + "' }." + field);
        return value == null ? null : value.toString();
    }

    private void historyAndUsageAddUpToTheGenerationsMade() {
        // byok: 2 anthropic (plain, stream), 1 gemini, 1 gemini refused; credits: 1 speed, 1 quality.
        JsonPath history = as(account).queryParam("limit", 100).get(url(Service.GENERATION, "/v1/generations"))
                .then().statusCode(200).body("nextCursor", nullValue()).extract().jsonPath();
        assertEquals(6, history.getList("items").size());
        assertEquals("credits", history.getString("items[0].source"), "newest first");
        assertEquals(List.of("failed"), history.getList("items.findAll { it.status == 'failed' }.status"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String from = LocalDate.parse(today).minusDays(1).toString();
        String to = LocalDate.parse(today).plusDays(1).toString();
        JsonPath usage = as(account).queryParam("from", from).queryParam("to", to)
                .get(url(Service.GENERATION, "/v1/generations/usage")).then().statusCode(200).extract().jsonPath();
        assertEquals(6, sum(usage, "generations"));
        assertEquals(5, sum(usage, "succeeded"));
        assertEquals(1, sum(usage, "failed"));
        assertEquals(3, sum(usage, "credits"), "1 (speed) + 2 (quality), as the ledger debited");
        assertEquals(0, usage.getList("rows.findAll { it.source == 'byok' }.credits", Integer.class).stream()
                .mapToInt(Integer::intValue).sum());
    }

    private static int sum(JsonPath usage, String column) {
        return usage.getList("rows." + column, Integer.class).stream().mapToInt(Integer::intValue).sum();
    }

    private void disablingByokResumesCreditsAndDeletingKeepsTheBalance() {
        String platformAnthropic = ProviderFake.platformKey(Provider.ANTHROPIC);
        system.fake().replyRecorded(Provider.ANTHROPIC, false, platformAnthropic);
        reachingGenerations(() -> as(account).contentType(ContentType.JSON).body(Map.of("enabled", false, "activeProvider", "gemini"))
                .put(url(Service.KEY, "/v1/byok/settings")).then().statusCode(200).body("enabled", is(false)));
        as(account).get(url(Service.GENERATION, "/v1/generation/options")).then().statusCode(200)
                .body("defaultSource", is("credits"))
                .body("sources.source", not(hasItem("byok")));
        as(account).contentType(ContentType.JSON).body(Map.of("prompt", "Summarise my receipt", "mode", "quality"))
                .post(url(Service.GENERATION, "/v1/generations")).then().statusCode(200)
                .body("source", is("credits")).body("provider", is("anthropic")).body("creditsCharged", is(2));
        awaitBalance(account, 47);

        as(account).delete(url(Service.KEY, "/v1/byok/keys/anthropic")).then().statusCode(204);
        as(account).get(url(Service.KEY, "/v1/byok")).then().statusCode(200)
                .body("keys.provider", is(List.of("gemini")));
        as(account).get(url(Service.CREDIT, "/v1/credits")).then().statusCode(200)
                .body("balance", is(47)).body("held", is(0)).body("available", is(47));
    }

    private void anotherAccountSeesNoneOfIt() {
        String other = "e2e-other-" + UUID.randomUUID();
        as(other).get(url(Service.KEY, "/v1/byok")).then().statusCode(200)
                .body("enabled", is(false)).body("keys", empty());
        as(other).delete(url(Service.KEY, "/v1/byok/keys/gemini")).then().statusCode(404);
        as(other).get(url(Service.CREDIT, "/v1/credits")).then().statusCode(200).body("balance", is(50));
        as(other).get(url(Service.GENERATION, "/v1/generations/" + byokGenerationId)).then().statusCode(404);
        as(other).get(url(Service.GENERATION, "/v1/generations")).then().statusCode(200).body("items", empty());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        as(other).queryParam("from", today).queryParam("to", today).get(url(Service.GENERATION, "/v1/generations/usage"))
                .then().statusCode(200).body("rows", empty());
        as(other).post(url(Service.KEY, "/v1/byok/keys/gemini/check")).then().statusCode(404);
        String mine = as(account).contentType(ContentType.JSON).body(Map.of("prompt", "hello", "source", "byok"))
                .post(url(Service.GENERATION, "/v1/generations")).then().statusCode(409)
                .body("code", is("byok_disabled")).extract().asString();
        assertFalse(mine.contains(geminiKey));
        as(other).get(url(Service.CREDIT, "/v1/credits/ledger")).then().statusCode(200)
                .body("findAll { it.type == 'debit' }", empty());
    }

    /**
     * Makes a change of BYOK state and waits until generation-service has applied its byok-changes
     * record. The contract lets a generation started within 1 s of a change still use the cached
     * old state; the story's next step generates at once and expects the new one.
     */
    private static void reachingGenerations(Runnable change) {
        double before = generationMetric(INVALIDATIONS);
        change.run();
        Await.until("generation-service to apply the change's byok-changes record", Duration.ofSeconds(30),
                () -> generationMetric(INVALIDATIONS) > before);
    }

    private static final String INVALIDATIONS = "sprintrr_credential_cache_invalidations_total";
    private static final String HITS = "sprintrr_credential_cache_lookups_total{result=\"hit\"}";

    /** A counter of generation-service's Prometheus page (management port); 0 when absent. */
    private static double generationMetric(String series) {
        String page = given().get(system.stack().managementUrl(Service.GENERATION) + "/q/metrics").then()
                .statusCode(200).extract().asString();
        return page.lines().filter(line -> line.startsWith(series + " ") || line.startsWith(series.replace("}", ",")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private void awaitBalance(String accountId, int expected) {
        Await.until("balance of " + accountId + " to become " + expected, Duration.ofSeconds(60),
                () -> as(accountId).get(url(Service.CREDIT, "/v1/credits")).then().statusCode(200)
                        .extract().jsonPath().getInt("balance") == expected);
        as(accountId).get(url(Service.CREDIT, "/v1/credits")).then()
                .body("balance", is(expected)).body("held", is(0));
    }

    private static RequestSpecification as(String accountId) {
        return given().header("Authorization", bearer(accountId));
    }

    private static String bearer(String accountId) {
        return "Bearer " + system.stack().token(accountId, Duration.ofMinutes(30));
    }

    private static String url(Service service, String path) {
        return system.stack().url(service) + path;
    }
}
