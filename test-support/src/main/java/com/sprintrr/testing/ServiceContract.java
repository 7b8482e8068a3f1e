package com.sprintrr.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.restassured.specification.RequestSpecification;

/**
 * What every sprintrr service promises operators and callers, checked once here: each service's
 * {@code ServiceBootsTest} is a {@code @QuarkusTest} extending this class and names one endpoint
 * of its own for the hostile-input rules (which the platform enforces for all three).
 */
public abstract class ServiceContract {

    private static final String PROBLEM = "application/problem+json";
    private static final String INTERNAL = "Bearer test-internal-token-not-for-production";

    /**
     * A JSON endpoint of the service, a body it accepts (so that a header alone can be the reason for a
     * refusal) and bodies it must refuse with 400 {@code invalid_request}.
     */
    public record JsonEndpoint(String method, String path, boolean internal, String validBody, List<String> refusedBodies) {
    }

    /** A public GET that needs the caller's account, e.g. {@code /v1/credits}. */
    protected abstract String accountScopedGet();

    /** A JSON endpoint with bodies that are hostile for it (duplicate keys, coerced numbers, NUL, lone surrogates). */
    protected abstract JsonEndpoint jsonEndpoint();

    @Test
    void isReadyOnlyWithItsDatabase() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                // The platform's bounded check (com.sprintrr.platform.db.DatabaseReadiness), not Quarkus's own.
                .body("checks.name", hasItem("database"));
    }

    @Test
    void servesOpenApiAndMetricsWithoutAuthentication() {
        Management.given().when().get("/q/openapi").then().statusCode(200);
        Management.given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void keepsHealthMetricsAndOpenApiOffTheApiPort() {
        // API clients reach only the API port; probes and Prometheus use the management port.
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void guardsInternalPathsWithTheServiceToken() {
        given().when().get("/internal/v1/accounts/someone/anything")
                .then().statusCode(401)
                .contentType(PROBLEM)
                .body("code", is("unauthenticated"));
    }

    @Test
    void refusesAnAccountClaimThatIsNotAString() {
        for (Object claim : new Object[] { 123, true }) {
            given().header("Authorization", "Bearer " + Jwts.tokenWithAccountClaim(claim)).get(accountScopedGet())
                    .then().statusCode(403).contentType(PROBLEM).body("code", is("invalid_account"));
        }
    }

    @Test
    void refusesHostileJsonWithAProblem() {
        JsonEndpoint endpoint = jsonEndpoint();
        for (String body : endpoint.refusedBodies()) {
            RequestSpecification request = given()
                    .header("Authorization", endpoint.internal() ? INTERNAL : Jwts.bearer("contract-hostile"))
                    .contentType("application/json").body(body);
            request.request(endpoint.method(), endpoint.path())
                    .then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
        }
    }

    @Test
    void refusesAnEmptyIdempotencyKey() {
        JsonEndpoint endpoint = jsonEndpoint();
        given().header("Authorization", endpoint.internal() ? INTERNAL : Jwts.bearer("contract-hostile"))
                .header("Idempotency-Key", "").contentType("application/json").body(endpoint.validBody())
                .request(endpoint.method(), endpoint.path())
                .then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
    }

    @Test
    void refusesAChunkedBodyOverTheLimitWithAProblem() throws IOException {
        byte[] body = ("{\"x\":\"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Reply reply = RawHttp.send("POST " + jsonEndpoint().path() + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", RawHttp.chunked(body));

        assertThat(reply.status(), is(413));
        assertThat(reply.contentType(), startsWith(PROBLEM));
        assertThat(reply.body(), containsString("\"code\":\"payload_too_large\""));
    }

    @Test
    void refusesABodyThatIsNotUtf8() {
        byte[] body = { '{', '"', 'x', '"', ':', '"', (byte) 0xC1, (byte) 0x81, '"', '}' };
        given().contentType("application/json").body(body).post(jsonEndpoint().path())
                .then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
    }

    @Test
    void refusesALongUriAndLargeHeadersWithAProblem() {
        given().get(accountScopedGet() + "?q=" + "a".repeat(5_000))
                .then().statusCode(414).contentType(PROBLEM).body("code", is("uri_too_long"));
        given().header("X-Padding", "p".repeat(30_000)).get(accountScopedGet())
                .then().statusCode(431).contentType(PROBLEM).body("code", is("headers_too_large"));
    }
}
