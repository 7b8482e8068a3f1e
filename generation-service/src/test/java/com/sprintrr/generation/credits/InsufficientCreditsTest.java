package com.sprintrr.generation.credits;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.Events;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 5: a refused hold is 402 and no provider is called; credit-service down is 503, same. */
@QuarkusTest
class InsufficientCreditsTest extends GenerationTestBase {

    @Test
    void refusedHoldIs402AndNoProviderIsCalled() {
        String account = newAccount();
        internal.byokOff(account);
        internal.creditsExhausted(account, 1, 2);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));

        generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(402)
                .contentType("application/problem+json")
                .body("code", is("insufficient_credits"))
                .body("available", is(1))
                .body("required", is(2));

        assertEquals(1, internal.holdRequests(account).size());
        assertEquals(0, allGenerationRequests());
        assertEquals(0, Events.of(account).size(), "nothing recorded, no event");
    }

    @Test
    void refusedHoldOnAStreamIsA402ProblemNotAnEventStream() {
        String account = newAccount();
        internal.creditsExhausted(account, 0, 1);

        SseClient.Result result = SseClient.post(account, "{\"prompt\":\"Hello\",\"source\":\"credits\",\"mode\":\"speed\"}");

        assertEquals(402, result.status());
        assertEquals(0, allGenerationRequests());
    }

    @Test
    void creditServiceDownIs503AndNoProviderIsCalled() {
        String account = newAccount();
        internal.creditServiceDown(account);
        providers.replyRecorded(Provider.ANTHROPIC, false, ProviderFake.platformKey(Provider.ANTHROPIC));

        generate(account, body("Hello", "credits", null))
                .then().statusCode(503)
                .body("code", is("credit_service_unavailable"));
        assertEquals(0, allGenerationRequests());
    }
}
