package com.sprintrr.keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.CapturedLogs;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Refusal;

import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;

/**
 * No key in any log line at any level, and none in any response but the internal credential:
 * a whole save / read / activate / resolve / reject / delete cycle runs with TRACE logging captured.
 */
@QuarkusTest
class LogSecrecyTest extends KeyServiceTestBase {

    @Test
    void aFullCycleNeverLogsOrReturnsAKey() {
        String account = TestKeys.account();
        List<String> keys = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        try (CapturedLogs logs = CapturedLogs.start()) {
            for (Provider provider : Provider.values()) {
                String key = TestKeys.key(provider);
                keys.add(key);
                fake.acceptKey(provider, key);
                responses.add(Api.saveKey(account, provider, "  " + key + " ", SaveKeyTest.lastModel(provider))
                        .statusCode(200).extract().asString());
            }
            responses.add(Api.view(account).statusCode(200).extract().asString());
            responses.add(Api.settings(account, true, Provider.GEMINI).statusCode(200).extract().asString());
            responses.add(Api.state(account).statusCode(200).extract().asString());
            String credential = Api.credential(account).statusCode(200).extract().asString();
            assertThat(credential, containsString(keys.get(2)));
            responses.add(Api.changeModel(account, Provider.OPENAI, "gpt-4o").statusCode(200).extract().asString());

            // Refusals whose provider bodies echo the key (whole or masked), an unavailable provider,
            // and malformed bodies that carry a key.
            String suspended = TestKeys.key(Provider.GEMINI);
            String invalid = TestKeys.key(Provider.OPENAI);
            String unanswered = TestKeys.key(Provider.ANTHROPIC);
            String malformed = TestKeys.key(Provider.OPENAI);
            keys.addAll(List.of(suspended, invalid, unanswered, malformed));
            fake.refuseKey(Provider.GEMINI, suspended, Refusal.GEMINI_SUSPENDED);
            fake.refuseKey(Provider.OPENAI, invalid, Refusal.OPENAI_INVALID);
            fake.failModels(Provider.ANTHROPIC, 500, "{\"error\":{\"message\":\"boom for " + unanswered + "\"}}");
            responses.add(Api.saveKey(account, Provider.GEMINI, suspended).statusCode(422).extract().asString());
            responses.add(Api.saveKey(account, Provider.OPENAI, invalid).statusCode(422).extract().asString());
            responses.add(Api.saveKey(account, Provider.ANTHROPIC, unanswered).statusCode(503).extract().asString());
            responses.add(Api.as(account).contentType(ContentType.JSON).body("{\"apiKey\": \"" + malformed + "\"")
                    .put("/v1/byok/keys/openai").then().statusCode(400).extract().asString());
            responses.add(Api.as(account).contentType(ContentType.JSON)
                    .body("{\"apiKey\": \"" + malformed + "\", \"model\": \"" + malformed + "\"}")
                    .put("/v1/byok/keys/openai").then().statusCode(400).extract().asString());
            responses.add(Api.as(account).contentType(ContentType.JSON).body("{\"apiKey\": \"" + malformed + " x\"}")
                    .put("/v1/byok/keys/openai").then().statusCode(400).extract().asString());
            responses.add(Api.as(account).contentType(ContentType.JSON).body("{\"apiKey\": \"" + malformed + "\", \"enabled\": 1}")
                    .put("/v1/byok/keys/openai").then().statusCode(400).extract().asString());

            // An unreadable row is logged (without its key) when resolved.
            StoredRows.Ciphertext gemini = rows.ciphertext(account, Provider.GEMINI).orElseThrow();
            StoredRows.Ciphertext openAi = rows.ciphertext(account, Provider.OPENAI).orElseThrow();
            rows.setCiphertext(account, Provider.GEMINI, openAi.blob(), openAi.keyId());
            responses.add(Api.credential(account).statusCode(500).extract().asString());
            rows.setCiphertext(account, Provider.GEMINI, gemini.blob(), gemini.keyId());

            responses.add(Api.reencrypt(10).statusCode(200).extract().asString());
            responses.add(Api.delete(account, Provider.GEMINI).statusCode(204).extract().asString());
            responses.add(Api.view(account).statusCode(200).extract().asString());

            String logged = logs.text();
            assertThat(logs.records(), greaterThan(50));
            assertThat(logged, containsString("Stored a validated gemini key"));
            for (String key : keys) {
                assertThat(logged, not(containsString(key)));
                // Nor a substantial piece of it (a provider's masked echo keeps 6 + 4 characters).
                assertThat(logged, not(containsString(key.substring(8, 28))));
                for (String response : responses) {
                    assertThat(response, not(containsString(key)));
                }
            }
        }
    }
}
