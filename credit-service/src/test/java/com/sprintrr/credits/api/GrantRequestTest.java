package com.sprintrr.credits.api;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Internal grants: an Idempotency-Key is bound to its body, and hostile input is refused without effect. */
@QuarkusTest
class GrantRequestTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    LedgerProbe probe;

    @Test
    void aKeyReusedWithAnotherAmountOrReasonIsRefusedAndGrantsNothing() {
        String account = Internal.newAccount();
        String id = grant(account, "refund-7", 100, "refund 7").then().statusCode(201).extract().path("id");

        grant(account, "refund-7", 5000, "refund 7").then().statusCode(422).contentType(PROBLEM)
                .body("code", is("idempotency_key_reused"));
        grant(account, "refund-7", 100, "refund 8").then().statusCode(422).contentType(PROBLEM)
                .body("code", is("idempotency_key_reused"));
        grant(account, "refund-7", -100, "refund 7").then().statusCode(422)
                .body("code", is("idempotency_key_reused"));
        grant(account, "refund-7", 100, "refund 7").then().statusCode(200).body("id", is(id)).body("amount", is(100));

        assertEquals(150, probe.balance(account));
        probe.assertConsistent(account);
    }

    @Test
    void concurrentUsesOfOneKeyWithTwoBodiesGrantOnceAndRefuseTheOtherBody() throws Exception {
        String account = Internal.newAccount();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<Response>> calls = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 16; i++) {
                long credits = i % 2 == 0 ? 10 : 70;
                calls.add(callers.submit(() -> {
                    start.await();
                    return grant(account, "same-key", credits, "promo");
                }));
            }
            start.countDown();
            int created = 0;
            Integer winner = null;
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> call : calls) {
                Response r = call.get();
                statuses.add(r.statusCode());
                if (r.statusCode() == 201) {
                    created++;
                    winner = r.path("amount");
                }
            }
            assertEquals(1, created, "one grant: " + statuses);
            for (int i = 0; i < statuses.size(); i++) {
                long sent = i % 2 == 0 ? 10 : 70;
                int expected = sent == winner ? 200 : 422;
                if (statuses.get(i) != 201) {
                    assertEquals(expected, statuses.get(i), "call " + i + " sent " + sent + ": " + statuses);
                }
            }
            assertEquals(50 + winner, probe.balance(account));
        } finally {
            callers.shutdownNow();
        }
        probe.assertConsistent(account);
    }

    @Test
    void aReasonWithANulOrAnotherControlCharacterIsRefusedWithoutEffect() {
        String account = Internal.newAccount();
        Internal.credits(account).then().statusCode(200);

        for (String reason : new String[] {"a\u0000b", "line\nbreak", "\u0007", "tab\there"}) {
            Internal.api().body(Map.of("credits", 10, "reason", reason)).post("/internal/v1/accounts/{a}/grants", account)
                    .then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
        }
        Internal.api().body("{\"credits\":10,\"reason\":\"nul \\u0000 escaped\"}").post("/internal/v1/accounts/{a}/grants", account)
                .then().statusCode(400).contentType(PROBLEM).body("code", is("invalid_request"));
        Internal.api().header("Idempotency-Key", "has space").body(Map.of("credits", 10, "reason", "ok"))
                .post("/internal/v1/accounts/{a}/grants", account)
                .then().statusCode(400).body("code", is("invalid_request"));

        assertEquals(50, probe.balance(account));
        assertEquals(1, probe.entries(account).size());
    }

    private static Response grant(String account, String key, long credits, String reason) {
        return Internal.api().header("Idempotency-Key", key).body(Map.of("credits", credits, "reason", reason))
                .post("/internal/v1/accounts/{a}/grants", account);
    }
}
