package com.sprintrr.credits.renewal;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 6: the monthly renewal tops up once per period and never reduces a balance. */
@QuarkusTest
class RenewalTest {

    @Inject
    LedgerProbe probe;
    @Inject
    RenewalService renewals;

    @Test
    void renewalTwiceInOnePeriodGrantsOnce() {
        String account = Internal.newAccount();
        Internal.grant(account, -30, "spent").then().statusCode(201);
        probe.endPeriod(account);

        assertTrue(renewals.renew(account, Instant.now()));
        assertFalse(renewals.renew(account, Instant.now()));
        assertFalse(renewals.renew(account, Instant.now().plusSeconds(3600)));

        assertEquals(50, probe.balance(account));
        assertEquals(1, renewalGrants(account).size());
        assertEquals(30, renewalGrants(account).get(0).amount());
        Internal.credits(account).then().statusCode(200).body("available", is(50));
        probe.assertConsistent(account);
    }

    @Test
    void renewalKeepsABalanceAboveTheAllowance() {
        String account = Internal.newAccount();
        Internal.grant(account, 100, "bonus").then().statusCode(201);
        probe.endPeriod(account);

        assertTrue(renewals.renew(account, Instant.now()));

        assertEquals(150, probe.balance(account));
        assertEquals(0, renewalGrants(account).size());
        assertEquals(1, probe.queryLong("SELECT count(*) FROM accounts WHERE account_id = ? AND period_end > now()", account),
                "the period moved on");
        probe.assertConsistent(account);
    }

    @Test
    void renewalUsesThePlanTheAccountIsOnNow() {
        String account = Internal.newAccount();
        Internal.changePlan(account, "starter").then().statusCode(200);
        Internal.grant(account, -400, "spent").then().statusCode(201);
        probe.endPeriod(account);

        assertTrue(renewals.renew(account, Instant.now()));

        assertEquals(500, probe.balance(account));
        probe.assertConsistent(account);
    }

    @Test
    void theJobOnSeveralReplicasAtOnceRenewsADueAccountOnce() throws Exception {
        String account = Internal.newAccount();
        Internal.grant(account, -50, "spent").then().statusCode(201);
        probe.endPeriod(account);

        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(replicas.submit(() -> {
                    start.await();
                    return renewals.renewDue(Instant.now(), 100) + renewals.renewDue(Instant.now(), 100);
                }));
            }
            start.countDown();
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            replicas.shutdownNow();
        }

        assertEquals(50, probe.balance(account));
        assertEquals(1, renewalGrants(account).size());
        probe.assertConsistent(account);
    }

    @Test
    void anAccountTouchedAfterItsPeriodEndedIsRenewedFirst() {
        String account = Internal.newAccount();
        Internal.grant(account, -50, "spent").then().statusCode(201);
        probe.endPeriod(account);

        Internal.holdCreated(account, "quality");

        assertEquals(50, probe.balance(account));
        assertEquals(2, probe.held(account));
        assertEquals(1, renewalGrants(account).size());
    }

    private List<LedgerProbe.Entry> renewalGrants(String account) {
        List<LedgerProbe.Entry> grants = new ArrayList<>();
        List<LedgerProbe.Entry> entries = probe.entries(account);
        for (LedgerProbe.Entry e : entries.subList(1, entries.size())) { // the first is the opening allowance
            if (e.grantKey() != null && e.grantKey().startsWith("period:")) {
                grants.add(e);
            }
        }
        return grants;
    }
}
