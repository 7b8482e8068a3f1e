package com.sprintrr.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/** Account B sees, changes, deletes, activates and resolves nothing of account A's. */
@QuarkusTest
class TenantIsolationTest extends KeyServiceTestBase {

    String accountA;
    String keyA;
    String accountB;

    @BeforeEach
    void accountAHasAnActiveAnthropicKey() {
        accountA = TestKeys.account();
        accountB = TestKeys.account();
        keyA = acceptedKey(Provider.ANTHROPIC);
        Api.saveKey(accountA, Provider.ANTHROPIC, keyA, "claude-opus-4-6").statusCode(200);
        Api.settings(accountA, true, Provider.ANTHROPIC).statusCode(200);
    }

    @Test
    void bCannotReadAsKeysOrSettings() {
        Api.view(accountB).statusCode(200)
                .body("enabled", is(false)).body("activeProvider", nullValue()).body("keys", hasSize(0));
    }

    @Test
    void bCannotChangeOrDeleteAsKey() {
        Api.changeModel(accountB, Provider.ANTHROPIC, "claude-haiku-4-5").statusCode(404)
                .body("code", is("key_not_found"));
        Api.delete(accountB, Provider.ANTHROPIC).statusCode(404).body("code", is("key_not_found"));

        assertAUntouched();
    }

    @Test
    void bCannotActivateAsKey() {
        Api.settings(accountB, true, Provider.ANTHROPIC).statusCode(409).body("code", is("no_key_for_provider"));

        Api.state(accountB).body("enabled", is(false));
        assertAUntouched();
    }

    @Test
    void bResolvesNoCredential() {
        Api.credential(accountB).statusCode(409).body("code", is("byok_disabled"));
    }

    @Test
    void bsOwnKeyOfTheSameProviderStaysSeparate() {
        String keyB = acceptedKey(Provider.ANTHROPIC);
        Api.saveKey(accountB, Provider.ANTHROPIC, keyB).statusCode(200);
        Api.settings(accountB, true, Provider.ANTHROPIC).statusCode(200);
        Api.delete(accountB, Provider.ANTHROPIC).statusCode(204);

        assertAUntouched();
        Api.credential(accountB).statusCode(409);
    }

    @Test
    void aUserTokenNeverOpensTheInternalPaths() {
        given().header("Authorization", Jwts.bearer(accountB))
                .post("/internal/v1/accounts/{account}/byok/credential", accountA)
                .then().statusCode(401).contentType(Api.PROBLEM_JSON);
        given().header("Authorization", Jwts.bearer(accountA))
                .get("/internal/v1/accounts/{account}/byok", accountA)
                .then().statusCode(401);
        given().post("/internal/v1/accounts/{account}/byok/credential", accountA).then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token")
                .post("/internal/v1/accounts/{account}/byok/credential", accountA).then().statusCode(401);
    }

    @Test
    void forgedOrExpiredTokensAreUnauthenticated() {
        given().header("Authorization", "Bearer " + Jwts.forgedToken(accountA)).get("/v1/byok").then().statusCode(401);
        given().header("Authorization", "Bearer " + Jwts.expiredToken(accountA)).get("/v1/byok").then().statusCode(401);
        given().header("Authorization", "Bearer " + Jwts.tokenWithoutAccount()).get("/v1/byok").then().statusCode(403);
    }

    private void assertAUntouched() {
        Api.view(accountA).body("enabled", is(true)).body("activeProvider", is("anthropic"))
                .body("keys[0].model", is("claude-opus-4-6"));
        Api.credential(accountA).statusCode(200).body("apiKey", is(keyA));
        assertThat(rows.keyCount(accountA), is(1));
    }
}
