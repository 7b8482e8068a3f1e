package com.sprintrr.generation.keys;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.KeyChanges;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 12's credential cache through the API: key-service faked over HTTP, answering with its
 * stateVersion, and its byok-changes records published by the test on the real broker, as
 * key-service publishes them. A cached answer spares the key-service call; a record makes the next
 * generation use the new state once the consumer has read past it.
 */
@QuarkusTest
class CredentialCacheTest extends GenerationTestBase {

    private static final String KEY = ProviderFake.sampleKey(Provider.ANTHROPIC);

    @Inject
    CredentialCache cache;

    private KeyChanges changes;

    @BeforeEach
    void cacheUsable() {
        changes = new KeyChanges();
        Await.until("the credential cache to be usable", Duration.ofSeconds(60), cache::ready);
    }

    @AfterEach
    void closeProducer() {
        changes.close();
    }

    @Test
    void aSecondGenerationOfTheAccountMakesNoKeyServiceCall() {
        String account = newAccount();
        internal.byokOn(account, Provider.ANTHROPIC, "m-1", KEY, 4L, 1L, Duration.ZERO);
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);

        generate(account, body("First", null, null)).then().statusCode(200)
                .body("source", is("byok")).body("model", is("m-1"));
        assertEquals(1, internal.credentialRequests(account).size());

        // Retried only while the machine is too slow for the fence; one hit is what is asserted.
        Await.until("a generation answered from the cache", () -> servedFromCache(account, "byok", "m-1"));
        String[] header = keyHeader(Provider.ANTHROPIC, KEY);
        assertEquals(0, generationRequests(Provider.ANTHROPIC).stream()
                .filter(call -> !header[1].equals(call.getHeader(header[0]))).count(), "every call carried the user's key");
    }

    @Test
    void aRecordOnByokChangesMakesTheNextGenerationUseTheNewState() {
        String account = newAccount();
        internal.byokOn(account, Provider.ANTHROPIC, "m-1", KEY, 4L, 1L, Duration.ZERO);
        internal.creditsAvailable(account, 50, 2);
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));
        generate(account, body("First", null, null)).then().statusCode(200).body("model", is("m-1"));
        Await.until("a generation answered from the cache", () -> servedFromCache(account, "byok", "m-1"));

        // The user picks another model: key-service commits it and its record is acknowledged.
        internal.byokOn(account, Provider.ANTHROPIC, "m-2", KEY, 4L, 2L, Duration.ZERO);
        awaitReadPast(changes.publish(account, 2));
        generate(account, body("Second", null, null)).then().statusCode(200).body("model", is("m-2"));

        // BYOK turned off.
        internal.byokOff(account, 3);
        awaitReadPast(changes.publish(account, 3));
        generate(account, body("Third", null, null)).then().statusCode(200)
                .body("source", is("credits")).body("model", is("claude-sonnet-4-6"));
        Await.until("\"BYOK off\" answered from the cache", () -> servedFromCache(account, "credits", "claude-sonnet-4-6"));
    }

    @Test
    void anAnswerReadBeforeAChangeWhoseRecordArrivedMeanwhileServesItsGenerationButIsNotKept() throws Exception {
        String account = newAccount();
        internal.byokOn(account, Provider.ANTHROPIC, "m-1", KEY, 4L, 1L, Duration.ofSeconds(3));
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);

        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> generate(account, body("Slow", null, null))
                .then().statusCode(200).extract().path("model"));
        Await.until("key-service to be asked", () -> internal.credentialRequests(account).size() == 1);
        // While version 1 is on its way back, key-service commits version 2 and its record arrives.
        internal.byokOn(account, Provider.ANTHROPIC, "m-2", KEY, 4L, 2L, Duration.ZERO);
        awaitReadPast(changes.publish(account, 2));

        assertEquals("m-1", first.get(60, TimeUnit.SECONDS), "the answer serves the generation that asked for it");
        assertFalse(cache.holds(account), "an answer older than a known change is not kept");
        generate(account, body("Next", null, null)).then().statusCode(200).body("model", is("m-2"));
        assertEquals(2, internal.credentialRequests(account).size());
    }

    @Test
    void anAnswerWithoutAStateVersionIsAskedForEveryTime() {
        // key-service before issue 12 sends no stateVersion: nothing can be invalidated, so nothing is kept.
        String account = byokAccount(Provider.ANTHROPIC, "m-1");
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);

        for (int i = 0; i < 3; i++) {
            generate(account, body("Again " + i, null, null)).then().statusCode(200).body("model", is("m-1"));
        }

        assertEquals(3, internal.credentialRequests(account).size());
        assertFalse(cache.holds(account));
    }

    @Test
    void anUnreadableRecordOfAnAccountDropsItsAnswer() {
        String account = newAccount();
        internal.byokOn(account, Provider.ANTHROPIC, "m-1", KEY, 4L, 1L, Duration.ZERO);
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);
        generate(account, body("First", null, null)).then().statusCode(200);
        Await.until("the answer to be kept", () -> cache.holds(account));

        awaitReadPast(changes.publishRaw(account, "not json"));

        assertFalse(cache.holds(account), "a change it cannot read is taken as a change of the record's account");
    }

    /** One generation; true when key-service was not asked for it. */
    private boolean servedFromCache(String account, String source, String model) {
        int before = internal.credentialRequests(account).size();
        generate(account, body("Again", null, null)).then().statusCode(200).body("source", is(source)).body("model", is(model));
        return internal.credentialRequests(account).size() == before;
    }

    /** Until the consumer completed a round begun after the record was acknowledged (so it applied it). */
    private void awaitReadPast(long acknowledgedAt) {
        Await.until("the consumer to read past the record", () -> cache.caughtUpAsOf() - acknowledgedAt > 0);
    }
}
