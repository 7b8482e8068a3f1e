package com.sprintrr.keys.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.GenerationEvents;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/**
 * POST /v1/byok/keys/{provider}/check: the stored key validated live again, with the same rate
 * limit as saving; the provider's verdict becomes the status; the caller's own keys only.
 */
@QuarkusTest
class KeyCheckTest extends KeyServiceTestBase {

    @Test
    void aKeyTheProviderRefusesNowIsRejectedAndOkOnceAcceptedAgain() {
        String key = TestKeys.key(Provider.ANTHROPIC);
        String account = accountWithKey(Provider.ANTHROPIC, key);

        fake.reset();
        fake.refuseKey(Provider.ANTHROPIC, key, Refusal.ANTHROPIC_INVALID);
        String body = Api.check(account, Provider.ANTHROPIC).statusCode(200)
                .body("provider", is("anthropic"))
                .body("status", is("rejected"))
                .body("lastFailureCode", is("key_rejected"))
                .body("lastFailureAt", notNullValue())
                .body("hint", notNullValue())
                .extract().asString();
        assertFalse(body.contains(key), "never the key");
        Api.view(account).body("keys[0].status", is("rejected"));

        fake.reset();
        fake.acceptKey(Provider.ANTHROPIC, key);
        Api.check(account, Provider.ANTHROPIC).statusCode(200).body("status", is("ok"))
                .body("lastFailureCode", is("key_rejected"));
        Api.view(account).body("keys[0].status", is("ok"));
        assertThat(fake.modelsRequests(Provider.ANTHROPIC), hasSize(1));
    }

    @Test
    void aProviderThatCannotAnswerChangesNothingAnd503s() {
        String key = TestKeys.key(Provider.OPENAI);
        String account = accountWithKey(Provider.OPENAI, key);
        long version = rows.keyVersion(account, Provider.OPENAI);
        Instant at = Instant.parse("2026-07-01T10:00:00Z");
        GenerationEvents.send(account, GenerationEvents.byok(account, Provider.OPENAI, version, "byok_key_rejected", at));
        Await.until("the key to be rejected", Duration.ofSeconds(60),
                () -> "rejected".equals(Api.view(account).extract().path("keys[0].status")));

        fake.reset();
        fake.failModels(Provider.OPENAI, 500, "{\"error\":{\"message\":\"boom\"}}");
        Api.check(account, Provider.OPENAI).statusCode(503).contentType(Api.PROBLEM_JSON)
                .body("code", is("provider_unavailable"));
        Api.view(account).body("keys[0].status", is("rejected"))
                .body("keys[0].lastFailureCode", is("byok_key_rejected"));
    }

    @Test
    void withoutAStoredKeyIs404AndAnotherAccountsKeyIsNotThere() {
        String key = TestKeys.key(Provider.GEMINI);
        String owner = accountWithKey(Provider.GEMINI, key);
        fake.reset();

        String stranger = TestKeys.account();
        Api.check(stranger, Provider.GEMINI).statusCode(404).contentType(Api.PROBLEM_JSON)
                .body("code", is("key_not_found"));
        Api.check(owner, Provider.OPENAI).statusCode(404).body("code", is("key_not_found"));
        Api.as(owner).post("/v1/byok/keys/{provider}/check", "mistral").then().statusCode(404)
                .contentType(Api.PROBLEM_JSON).body("code", is("unknown_provider"));
        assertThat(fake.modelsRequests(Provider.GEMINI), hasSize(0));
        Api.view(owner).body("keys[0].status", is("ok")).body("keys[0].validatedAt", notNullValue());
    }

    @Test
    void checksShareTheValidationRateLimitWithSaving() {
        String key = TestKeys.key(Provider.GEMINI);
        String account = accountWithKey(Provider.GEMINI, key);
        for (int i = 0; i < 9; i++) {
            Api.check(account, Provider.GEMINI).statusCode(200);
        }
        Api.check(account, Provider.GEMINI).statusCode(429).contentType(Api.PROBLEM_JSON)
                .body("code", is("too_many_attempts"));
        assertThat(fake.modelsRequests(Provider.GEMINI), hasSize(10));
    }

    @Test
    void theCredentialCarriesAKeyVersionThatChangesWithTheKey() {
        String first = TestKeys.key(Provider.OPENAI);
        String account = accountWithKey(Provider.OPENAI, first);
        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        Object v1 = Api.credential(account).statusCode(200).body("keyVersion", notNullValue())
                .body("keySet()", containsInAnyOrder("provider", "model", "apiKey", "keyVersion", "stateVersion"))
                .extract().path("keyVersion");
        Api.changeModel(account, Provider.OPENAI, "gpt-4o").statusCode(200);
        Api.credential(account).statusCode(200).body("keyVersion", is(v1));

        String second = TestKeys.key(Provider.OPENAI);
        fake.acceptKey(Provider.OPENAI, second);
        Api.saveKey(account, Provider.OPENAI, second).statusCode(200).body("status", is("ok"))
                .body("lastFailureAt", nullValue());
        Object v2 = Api.credential(account).statusCode(200).extract().path("keyVersion");
        assertNotEquals(v1, v2);
        Api.view(account).body("keys[0]", not(hasKey("keyVersion")));
    }
}
