package com.sprintrr.generation.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.junit.QuarkusTest;

/** One account's failing key never closes a provider to other accounts or to the credits path. */
@QuarkusTest
class BreakerIsolationTest extends GenerationTestBase {

    private static final String FAILING_KEY = "AIza-failing-key-of-account-a";
    private static final String HEALTHY_KEY = "AIza-healthy-key-of-account-b";

    @Test
    void manyFailuresOnOneAccountsKeyLeaveOtherAccountsAndTheCreditsPathReachingTheProvider() throws Exception {
        String a = newAccount();
        internal.byokOn(a, Provider.GEMINI, "gemini-2.5-pro", FAILING_KEY);
        String b = newAccount();
        internal.byokOn(b, Provider.GEMINI, "gemini-2.5-flash", HEALTHY_KEY);
        String payer = newAccount();
        internal.byokOff(payer);
        internal.creditsAvailable(payer, 50, 1);
        // Later stubs win: every key but B's and the platform's gets Gemini's 503.
        providers.failGeneration(ProviderError.GEMINI_OVERLOADED);
        providers.replyRecorded(Provider.GEMINI, false, HEALTHY_KEY);
        providers.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));

        // Four concurrent streams of A's failures, far above the test breaker's window of 6 calls.
        List<CompletableFuture<List<Integer>>> failing = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            failing.add(CompletableFuture.supplyAsync(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    statuses.add(generate(a, body("Hi", null, null)).statusCode());
                }
                return statuses;
            }));
        }
        for (CompletableFuture<List<Integer>> statuses : failing) {
            assertEquals(List.of(502, 502, 502), statuses.get(60, TimeUnit.SECONDS));
        }
        assertEquals(12 * 3, generationRequests(Provider.GEMINI).size(), "each of A's calls reached Gemini, with retries");

        generate(b, body("Hi", null, null)).then().statusCode(200);
        generate(payer, body("Hi", "credits", "speed")).then().statusCode(200);
        assertEquals(12 * 3 + 2, generationRequests(Provider.GEMINI).size(), "B and the credits path reached Gemini");
    }
}
