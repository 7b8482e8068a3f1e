package com.sprintrr.platform.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.testing.Await;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The access log: one line per /v1/** request, with no query string, header or body in it. */
@QuarkusTest
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class AccessLogTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(AccessLog.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    @Test
    void logsMethodPathStatusAndDurationButNoQueryHeaderOrBody() {
        String token = Jwts.bearer("acct-access-log");
        given().header("Authorization", token).header("Content-Type", "application/json")
                .body("{\"name\":\"sk-body-secret-0123456789\",\"count\":1}")
                .post("/v1/probe/echo?apiKey=sk-query-secret-0123456789&x=1")
                .then().statusCode(200);

        Await.until("the access log line", () -> !lines.isEmpty());
        String line = lines.get(0);
        assertTrue(line.contains("POST") && line.contains("/v1/probe/echo") && line.contains("200"), line);
        for (String secret : List.of("sk-query-secret", "apiKey", "?", "sk-body-secret", token.substring(7), "Bearer")) {
            assertFalse(line.contains(secret), "access log line contains " + secret + ": " + line);
        }
    }

    @Test
    void theLineHasTenthsOfAMillisecondAndNoControlCharacters() {
        assertEquals("POST /v1/generations 200 12.3ms", AccessLog.line("POST", "/v1/generations", 200, 12_345_678));
        assertEquals("GET /v1/x 404 0.0ms", AccessLog.line("GET", "/v1/x", 404, 49_999));
        assertEquals("GET /v1/x 503 1.0ms", AccessLog.line("GET", "/v1/x", 503, 950_000));
        assertEquals("/v1/a_b_c_", AccessLog.withoutControlCharacters("/v1/a\nb\rc\u0085"));
        String clean = "/v1/generations/{id}";
        assertTrue(clean == AccessLog.withoutControlCharacters(clean), "a clean route is not copied");
    }

    @Test
    void logsRefusalsTooAndNothingOutsideV1() {
        given().get("/v1/probe").then().statusCode(401);
        given().header("Authorization", "Bearer test-internal-token-not-for-production")
                .get("/internal/v1/probe").then().statusCode(200);

        Await.until("the access log line", () -> !lines.isEmpty());
        given().get("/v1/probe").then().statusCode(401);
        Await.until("the second access log line", () -> lines.size() >= 2);
        assertEquals(2, lines.stream().filter(l -> l.contains("/v1/probe") && l.contains("401")).count(), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("/internal/")), lines.toString());
    }
}
