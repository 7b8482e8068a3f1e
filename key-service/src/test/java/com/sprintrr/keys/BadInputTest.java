package com.sprintrr.keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;

/** Malformed or unexpected input is a 4xx problem+json, never reaches a provider and changes nothing. */
@QuarkusTest
class BadInputTest extends KeyServiceTestBase {

    String account;
    String storedKey;

    @BeforeEach
    void accountWithAnActiveOpenAiKey() {
        storedKey = TestKeys.key(Provider.OPENAI);
        account = accountWithKey(Provider.OPENAI, storedKey);
        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        fake.reset();
    }

    @AfterEach
    void nothingChangedAndNoProviderWasAsked() {
        for (Provider provider : Provider.values()) {
            assertThat(fake.modelsRequests(provider), empty());
        }
        assertThat(rows.keyCount(account), is(1));
        Api.view(account).body("enabled", is(true)).body("activeProvider", is("openai"))
                .body("keys[0].model", is("gpt-4o-mini"));
        Api.credential(account).body("apiKey", is(storedKey));
    }

    private ValidatableResponse put(String path, String body) {
        return Api.as(account).contentType(ContentType.JSON).body(body).put(path).then();
    }

    private static void problem(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType(Api.PROBLEM_JSON).body("status", is(status)).body("code", is(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"apiKey\": \"sk-abc\"",                 // truncated
        "{apiKey: \"sk-abc\"}",                    // not JSON
        "{\"apiKey\": \"sk-abc\"} {}",             // trailing content
        "[\"sk-abc\"]",                            // wrong shape
        "\"sk-abc\"",                              // a bare string
        "{\"apiKey\": 12345678901234}",            // number instead of a string
        "{\"apiKey\": true}",
        "{\"apiKey\": [\"sk-abc\"]}",
        "{\"apiKey\": {\"value\": \"sk-abc\"}}",
        "{\"apiKey\": \"sk-abc\", \"model\": 4}",
        "{\"apiKey\": \"sk-abc\", \"extra\": 1}",  // unknown field
        "{}",                                      // missing key
        "{\"apiKey\": null}",
        "{\"apiKey\": \"\"}",
        "{\"apiKey\": \"   \\t  \"}",
        "{\"apiKey\": \"sk-abc def\"}",            // inner space
        "{\"apiKey\": \"sk-abc\\u0000def\"}",      // control character
        "{\"apiKey\": \"sk-abc\\u00e9def\"}",      // non-ASCII
        "null",
        ""
    })
    void aMalformedSaveIs400(String body) {
        String response = put("/v1/byok/keys/openai", body).statusCode(400).contentType(Api.PROBLEM_JSON)
                .body("code", is("invalid_request")).extract().asString();
        assertThat(response, not(containsString("sk-abc")));
    }

    @Test
    void anOverLongKeyIs400() {
        problem(put("/v1/byok/keys/openai", "{\"apiKey\": \"" + "k".repeat(513) + "\"}"), 400, "invalid_request");
    }

    @Test
    void anOversizedBodyIs413() {
        problem(put("/v1/byok/keys/openai", "{\"apiKey\": \"" + "k".repeat(70_000) + "\"}"), 413, "payload_too_large");
    }

    @Test
    void anUnknownProviderIs404() {
        problem(put("/v1/byok/keys/mistral", "{\"apiKey\": \"sk-abc\"}"), 404, "unknown_provider");
        problem(put("/v1/byok/keys/OpenAI", "{\"apiKey\": \"sk-abc\"}"), 404, "unknown_provider");
        problem(Api.as(account).contentType(ContentType.JSON).body("{\"model\": \"gpt-4o\"}")
                .patch("/v1/byok/keys/mistral").then(), 404, "unknown_provider");
        problem(Api.as(account).delete("/v1/byok/keys/mistral").then(), 404, "unknown_provider");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        problem(Api.as(account).contentType(ContentType.TEXT).body("apiKey=sk-abc").put("/v1/byok/keys/openai").then(),
                415, "unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"enabled\": false}",
        "{\"activeProvider\": null}",
        "{\"enabled\": \"false\", \"activeProvider\": null}",
        "{\"enabled\": 0, \"activeProvider\": null}",
        "{\"enabled\": null, \"activeProvider\": null}",
        "{\"enabled\": false, \"activeProvider\": 3}",
        "{\"enabled\": false, \"activeProvider\": \"mistral\"}",
        "{\"enabled\": false, \"activeProvider\": null, \"keys\": []}",
        "{\"enabled\": false, \"activeProvider\": null",
        "null"
    })
    void malformedSettingsAre400(String body) {
        problem(put("/v1/byok/settings", body), 400, "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"model\": 4}", "{\"model\": [\"gpt-4o\"]}", "{\"model\": \"gpt-4o\", \"x\": 1}", "null"})
    void malformedModelChangesAre400(String body) {
        problem(Api.as(account).contentType(ContentType.JSON).body(body).patch("/v1/byok/keys/openai").then(),
                400, "invalid_request");
    }

    @Test
    void aMalformedAccountIdOnTheInternalPathIs400() {
        problem(Api.internal().get("/internal/v1/accounts/{id}/byok", "bad id!").then(), 400, "invalid_request");
    }
}
