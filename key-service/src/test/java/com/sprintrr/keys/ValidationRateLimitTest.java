package com.sprintrr.keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Refusal;

import io.quarkus.test.junit.QuarkusTest;

/** At most 10 live validations per account and minute, so stolen keys cannot be tested in bulk. */
@QuarkusTest
class ValidationRateLimitTest extends KeyServiceTestBase {

    @Test
    void theEleventhValidationWithinAMinuteIs429AndNeverReachesTheProvider() {
        String account = TestKeys.account();
        for (int i = 0; i < 10; i++) {
            String key = TestKeys.key(Provider.GEMINI);
            fake.refuseKey(Provider.GEMINI, key, Refusal.GEMINI_INVALID);
            Api.saveKey(account, Provider.GEMINI, key).statusCode(422);
        }
        String valid = acceptedKey(Provider.GEMINI);

        Api.saveKey(account, Provider.GEMINI, valid).statusCode(429)
                .contentType(Api.PROBLEM_JSON)
                .header("Retry-After", notNullValue())
                .body("code", is("too_many_attempts"))
                .body("retryAfterSeconds", both(greaterThan(0)).and(lessThanOrEqualTo(6)));

        assertThat(fake.modelsRequests(Provider.GEMINI), hasSize(10));
        Api.view(account).body("keys", hasSize(0));
    }

    @Test
    void concurrentAttemptsCannotExceedTheLimit() throws Exception {
        String account = TestKeys.account();
        String key = acceptedKey(Provider.ANTHROPIC);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> Api.saveKey(account, Provider.ANTHROPIC, key).extract().statusCode()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> call : calls) {
                statuses.merge(call.get(30, TimeUnit.SECONDS), 1, Integer::sum);
            }

            assertThat(statuses, is(Map.of(200, 10, 429, 6)));
            assertThat(fake.modelsRequests(Provider.ANTHROPIC), hasSize(10));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLimitIsPerAccount() {
        String busy = TestKeys.account();
        String key = acceptedKey(Provider.OPENAI);
        for (int i = 0; i < 10; i++) {
            Api.saveKey(busy, Provider.OPENAI, key).statusCode(200);
        }
        Api.saveKey(busy, Provider.OPENAI, key).statusCode(429);

        Api.saveKey(TestKeys.account(), Provider.OPENAI, key).statusCode(200);
    }

    @Test
    void refusedInputDoesNotUseUpAttempts() {
        String account = TestKeys.account();
        for (int i = 0; i < 12; i++) {
            Api.saveKey(account, Provider.ANTHROPIC, "").statusCode(400);
            Api.saveKey(account, Provider.ANTHROPIC, TestKeys.key(Provider.ANTHROPIC), "gpt-4o").statusCode(400);
        }
        String key = acceptedKey(Provider.ANTHROPIC);

        Api.saveKey(account, Provider.ANTHROPIC, key).statusCode(200);
    }
}
