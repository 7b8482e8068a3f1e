package com.sprintrr.keys.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Jwts;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The HTTP calls of the tests: the public API as an account, the internal API with the service token. */
public final class Api {

    public static final String INTERNAL_TOKEN = "test-internal-token-not-for-production";
    public static final String PROBLEM_JSON = "application/problem+json";

    private Api() {
    }

    public static RequestSpecification as(String account) {
        return given().header("Authorization", Jwts.bearer(account));
    }

    public static RequestSpecification internal() {
        return given().header("Authorization", "Bearer " + INTERNAL_TOKEN);
    }

    public static ValidatableResponse saveKey(String account, Provider provider, String key) {
        return saveKey(account, provider, key, null);
    }

    public static ValidatableResponse saveKey(String account, Provider provider, String key, String model) {
        Map<String, Object> body = new HashMap<>();
        body.put("apiKey", key);
        if (model != null) {
            body.put("model", model);
        }
        return as(account).contentType(ContentType.JSON).body(body)
                .put("/v1/byok/keys/{provider}", provider.id()).then();
    }

    public static ValidatableResponse view(String account) {
        return as(account).get("/v1/byok").then();
    }

    public static ValidatableResponse settings(String account, Boolean enabled, Provider active) {
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", enabled);
        body.put("activeProvider", active == null ? null : active.id());
        return as(account).contentType(ContentType.JSON).body(body).put("/v1/byok/settings").then();
    }

    public static ValidatableResponse changeModel(String account, Provider provider, String model) {
        Map<String, Object> body = new HashMap<>();
        body.put("model", model);
        return as(account).contentType(ContentType.JSON).body(body)
                .patch("/v1/byok/keys/{provider}", provider.id()).then();
    }

    public static ValidatableResponse delete(String account, Provider provider) {
        return as(account).delete("/v1/byok/keys/{provider}", provider.id()).then();
    }

    /** POST /v1/byok/keys/{provider}/check: the stored key validated live again. */
    public static ValidatableResponse check(String account, Provider provider) {
        return as(account).post("/v1/byok/keys/{provider}/check", provider.id()).then();
    }

    public static ValidatableResponse state(String account) {
        return internal().get("/internal/v1/accounts/{account}/byok", account).then();
    }

    public static ValidatableResponse credential(String account) {
        return internal().post("/internal/v1/accounts/{account}/byok/credential", account).then();
    }

    public static ValidatableResponse reencrypt(int batchSize) {
        return internal().queryParam("batchSize", batchSize).post("/internal/v1/keys/reencrypt").then();
    }
}
