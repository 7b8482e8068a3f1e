package com.sprintrr.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.Jwts;
import com.sprintrr.testing.RawHttp;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Input that must be refused with a problem, not coerced, truncated or turned into a 500. */
@QuarkusTest
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class HostileInputTest {

    private static final String PROBLEM = "application/problem+json";

    private static ValidatableResponse amount(String json) {
        return given().header("Authorization", Jwts.bearer("acct-1")).contentType("application/json").body(json)
                .post("/v1/probe/amount").then();
    }

    private static ValidatableResponse amount(byte[] json) {
        return given().header("Authorization", Jwts.bearer("acct-1")).contentType("application/json").body(json)
                .post("/v1/probe/amount").then();
    }

    private static void refused(ValidatableResponse response) {
        response.statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
    }

    @Test
    void acceptsWellTypedInput() {
        amount("{\"credits\":10,\"ratio\":0.5,\"reason\":\"ok \\ud83d\\ude00\"}")
                .statusCode(200).body("credits", is(10)).body("reason", is("ok \uD83D\uDE00"));
    }

    @Test
    void refusesAFractionOrAStringWhereAnIntegerBelongs() {
        refused(amount("{\"credits\":10.9,\"reason\":\"r\"}"));
        refused(amount("{\"credits\":1e3,\"reason\":\"r\"}"));
        refused(amount("{\"credits\":\"100\",\"reason\":\"r\"}"));
        refused(amount("{\"credits\":true,\"reason\":\"r\"}"));
        refused(amount("{\"credits\":99999999999999999999,\"reason\":\"r\"}"));
        refused(amount("{\"ratio\":\"0.5\",\"reason\":\"r\"}"));
        given().header("Authorization", Jwts.bearer("acct-1")).contentType("application/json")
                .body("{\"name\":\"a\",\"count\":10.9}").post("/v1/probe/echo")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("count"));
    }

    @Test
    void answersAnEmptyBodyInsteadOfWaitingForIt() throws IOException {
        // The request has ended before the body reader runs; it must not wait for an end that already came.
        RawHttp.Reply reply = RawHttp.send("POST /v1/probe/amount HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: " + Jwts.bearer("acct-1") + "\r\nContent-Type: application/json\r\nContent-Length: 0",
                new byte[0]);

        assertThat(reply.status() < 500, is(true));
    }

    @Test
    void refusesAKeyGivenTwice() {
        amount("{\"credits\":1,\"credits\":1000000,\"reason\":\"r\"}")
                .statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"))
                .body("detail", is("A field appears more than once."));
    }

    @Test
    void refusesNulAndLoneSurrogatesInText() {
        refused(amount("{\"credits\":1,\"reason\":\"a\\u0000b\"}"));
        amount("{\"credits\":1,\"reason\":\"a\\ud800b\"}")
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("reason"));
        refused(amount("{\"credits\":1,\"reason\":\"a\\udc00\"}"));
        refused(amount("{\"credits\":1,\"reason\":\"\\ud83d\"}"));
    }

    @Test
    void refusesBodiesThatAreNotStrictUtf8() {
        byte[] prefix = "{\"credits\":1,\"reason\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
        // Overlong 'A' (C1 81), overlong NUL (C0 80), a UTF-8-encoded surrogate (ED A0 80), a stray continuation byte.
        for (byte[] bad : new byte[][] { { (byte) 0xC1, (byte) 0x81 }, { (byte) 0xC0, (byte) 0x80 },
                { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0x80 } }) {
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            amount(body).statusCode(400).contentType(PROBLEM).body("detail", is("The body is not valid UTF-8."));
        }
    }

    @Test
    void refusesAnAccountClaimThatIsNotAString() {
        for (Object claim : new Object[] { 123, true, 12.5, Map.of("id", "acct-1") }) {
            given().header("Authorization", "Bearer " + Jwts.tokenWithAccountClaim(claim)).get("/v1/probe")
                    .then().statusCode(403).contentType(PROBLEM).body("code", is("invalid_account"));
        }
    }

    @Test
    void refusesAnEmptyOrRepeatedIdempotencyKey() {
        given().header("Authorization", Jwts.bearer("acct-1")).header("Idempotency-Key", "")
                .contentType("application/json").body("{\"credits\":1}").post("/v1/probe/amount")
                .then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
        given().header("Authorization", Jwts.bearer("acct-1")).header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .contentType("application/json").body("{\"credits\":1}").post("/v1/probe/amount")
                .then().statusCode(400).contentType(PROBLEM);
        given().header("Authorization", Jwts.bearer("acct-1")).header("Idempotency-Key", "k-1")
                .contentType("application/json").body("{\"credits\":1}").post("/v1/probe/amount")
                .then().statusCode(200);
    }

    @Test
    void refusesAChunkedBodyOverTheLimitWithAProblem() throws IOException {
        byte[] body = ("{\"name\":\"" + "x".repeat(66_000) + "\",\"count\":1}").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Reply reply = RawHttp.send("POST /v1/probe/echo HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + Jwts.bearer("acct-1") + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked", RawHttp.chunked(body));

        assertThat(reply.status(), is(413));
        assertThat(reply.contentType(), startsWith(PROBLEM));
        assertThat(reply.body(), containsString("\"code\":\"payload_too_large\""));
    }

    @Test
    void refusesAChunkedBodyOverQuarkusOwnLimitWithAProblem() throws IOException {
        byte[] body = ("{\"name\":\"" + "x".repeat(1_100_000) + "\",\"count\":1}").getBytes(StandardCharsets.US_ASCII);
        RawHttp.Reply reply = RawHttp.send("POST /v1/probe/echo HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", RawHttp.chunked(body));

        assertThat(reply.status(), is(413));
        assertThat(reply.contentType(), startsWith(PROBLEM));
    }

    @Test
    void acceptsAChunkedBodyUnderTheLimit() throws IOException {
        byte[] body = "{\"name\":\"a\",\"count\":1}".getBytes(StandardCharsets.US_ASCII);
        RawHttp.Reply reply = RawHttp.send("POST /v1/probe/echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: " + Jwts.bearer("acct-1") + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked", RawHttp.chunked(body));

        assertThat(reply.status(), is(200));
        assertThat(reply.body(), containsString("\"name\":\"a\""));
    }

    @Test
    void refusesALongUriAndLargeHeadersWithAProblem() {
        given().get("/v1/probe?q=" + "a".repeat(5_000))
                .then().statusCode(414).contentType(PROBLEM).body("code", is("uri_too_long"));
        given().header("X-Padding", "p".repeat(30_000)).get("/v1/probe")
                .then().statusCode(431).contentType(PROBLEM).body("code", is("headers_too_large"));
    }

    @Test
    void answersAnUnroutedPathWithAProblem() {
        given().get("/no/such/thing").then().statusCode(404).contentType(PROBLEM).body("code", is("not_found"));
    }

    /**
     * Documents what cannot be intercepted inside Quarkus: Netty's decoder refuses these before any
     * route runs, and Quarkus offers no hook for Vert.x' invalid-request handler (quarkusio/quarkus#55082).
     * The answer is an empty 400/414/431 and a closed connection; no application code runs.
     */
    @Test
    void requestsTheHttpDecoderRefusesGetAnEmptyAnswer() throws IOException {
        RawHttp.Reply badLength = RawHttp.send("POST /v1/probe/echo HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: ten", new byte[0]);
        assertThat(badLength.status(), is(400));
        assertThat(badLength.contentType(), not(containsString("json")));

        RawHttp.Reply hugeUri = RawHttp.send("GET /v1/probe?q=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost", new byte[0]);
        assertThat(hugeUri.status(), is(414));
        assertThat(hugeUri.contentType(), not(containsString("json")));
    }
}
