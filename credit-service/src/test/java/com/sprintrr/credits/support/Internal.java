package com.sprintrr.credits.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls to the internal API as generation-service and billing tooling make them (service token). */
public final class Internal {

    public static final String TOKEN = "test-internal-token-not-for-production";

    private Internal() {
    }

    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    public static Response placeHold(String accountId, UUID generationId, String mode) {
        return api().body(Map.of("generationId", generationId.toString(), "mode", mode))
                .post("/internal/v1/accounts/{accountId}/holds", accountId);
    }

    /** Places a hold and fails the test unless it was created. */
    public static UUID holdCreated(String accountId, String mode) {
        UUID generationId = UUID.randomUUID();
        placeHold(accountId, generationId, mode).then().statusCode(201);
        return generationId;
    }

    public static Response grant(String accountId, long credits, String reason) {
        return api().body(Map.of("credits", credits, "reason", reason))
                .post("/internal/v1/accounts/{accountId}/grants", accountId);
    }

    public static Response changePlan(String accountId, String plan) {
        return api().body(Map.of("plan", plan)).put("/internal/v1/accounts/{accountId}/plan", accountId);
    }

    public static Response credits(String accountId) {
        return api().get("/internal/v1/accounts/{accountId}/credits", accountId);
    }

    /** A fresh account id, so tests never share state. */
    public static String newAccount() {
        return "acct-" + UUID.randomUUID();
    }
}
