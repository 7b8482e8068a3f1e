package com.sprintrr.credits.hold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.CreditProblems;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;

import io.quarkus.test.junit.QuarkusTest;

/** One transaction placing many holds of one account answers each as if it had run alone, in order. */
@QuarkusTest
class HoldBatchTest {

    @Inject
    HoldBatch batch;
    @Inject
    LedgerProbe probe;

    @Test
    void eachHoldOfABatchIsCheckedAgainstWhatTheHoldsBeforeItLeft() {
        String account = Internal.newAccount(); // free-trial: 50 credits
        List<HoldBatch.Request> requests = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            requests.add(quality()); // 46 of 50: 4 left
        }
        requests.add(quality()); // 23: 2 left
        requests.add(quality()); // 24: 0 left
        requests.add(speed()); // 25: 402, 0 available
        requests.add(quality()); // 26: 402, 0 available

        List<HoldBatch.Outcome> outcomes = batch.place(account, requests);

        for (int i = 0; i < 25; i++) {
            assertTrue(outcomes.get(i).placement().created(), "request " + i);
        }
        assertInsufficient(outcomes.get(25), 0, 1);
        assertInsufficient(outcomes.get(26), 0, 2);
        assertEquals(50, probe.held(account));
        assertEquals(25, probe.queryLong("SELECT count(*) FROM holds WHERE account_id = ? AND status = 'held'", account));
        probe.assertConsistent(account);
    }

    @Test
    void aRefusedHoldLeavesWhatItAskedForToTheHoldsAfterIt() {
        String account = Internal.newAccount();
        List<HoldBatch.Request> requests = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            requests.add(quality()); // 48 of 50: 2 left
        }
        requests.add(speed()); // 1 left
        requests.add(quality()); // 402: 1 available, 2 required
        requests.add(speed()); // the last credit

        List<HoldBatch.Outcome> outcomes = batch.place(account, requests);

        assertTrue(outcomes.get(24).placement().created());
        assertInsufficient(outcomes.get(25), 1, 2);
        assertTrue(outcomes.get(26).placement().created());
        assertEquals(50, probe.held(account));
        assertEquals(0, probe.available(account));
        probe.assertConsistent(account);
    }

    @Test
    void aGenerationAskedForTwiceInOneBatchGetsOneHold() {
        String account = Internal.newAccount();
        HoldBatch.Request first = quality();
        HoldBatch.Request again = new HoldBatch.Request(first.generationId(), Mode.SPEED);

        List<HoldBatch.Outcome> outcomes = batch.place(account, List.of(first, speed(), again, first));

        assertTrue(outcomes.get(0).placement().created());
        assertFalse(outcomes.get(2).placement().created());
        assertFalse(outcomes.get(3).placement().created());
        assertSame(outcomes.get(0).placement().hold(), outcomes.get(2).placement().hold(), "the first call's hold, quality");
        assertEquals(2 + 1, probe.held(account));
        assertEquals(1, probe.queryLong("SELECT count(*) FROM holds WHERE generation_id = ?", first.generationId()));
        probe.assertConsistent(account);
    }

    @Test
    void eachRefusalIsTheOneItsRequestWouldGetAlone() {
        String account = Internal.newAccount();
        String other = Internal.newAccount();
        UUID theirs = Internal.holdCreated(other, "speed");
        UUID mine = Internal.holdCreated(account, "speed");
        UUID settled = UUID.randomUUID();
        probe.execute("INSERT INTO processed_events (generation_id, event_id, account_id, status) VALUES ('"
                + settled + "', '" + UUID.randomUUID() + "', '" + account + "', 'failed')");
        HoldBatch.Request created = quality();

        List<HoldBatch.Outcome> outcomes = batch.place(account, List.of(new HoldBatch.Request(theirs, Mode.SPEED),
                new HoldBatch.Request(mine, Mode.QUALITY), new HoldBatch.Request(settled, Mode.SPEED), created));

        assertEquals(CreditProblems.GENERATION_CONFLICT, outcomes.get(0).problem().code());
        assertFalse(outcomes.get(1).placement().created());
        assertEquals(mine, outcomes.get(1).placement().hold().generationId());
        assertEquals(Mode.SPEED, outcomes.get(1).placement().hold().mode(), "the existing hold, not the request's mode");
        assertEquals(CreditProblems.GENERATION_SETTLED, outcomes.get(2).problem().code());
        assertTrue(outcomes.get(3).placement().created());
        assertEquals(1 + 2, probe.held(account));
        assertEquals(1, probe.held(other));
        assertEquals(0, probe.queryLong("SELECT count(*) FROM holds WHERE generation_id = ?", settled));
        probe.assertConsistent(account);
        probe.assertConsistent(other);
    }

    @Test
    void aBatchThatCreatesNothingChangesNothing() {
        String account = Internal.newAccount();
        Internal.grant(account, -50, "empty it").then().statusCode(201);

        List<HoldBatch.Outcome> outcomes = batch.place(account, List.of(quality(), speed()));

        assertInsufficient(outcomes.get(0), 0, 2);
        assertInsufficient(outcomes.get(1), 0, 1);
        assertEquals(0, probe.held(account));
        probe.assertConsistent(account);
    }

    private static void assertInsufficient(HoldBatch.Outcome outcome, long available, long required) {
        assertNull(outcome.placement());
        assertEquals(402, outcome.problem().status());
        assertEquals(CreditProblems.INSUFFICIENT_CREDITS, outcome.problem().code());
        assertEquals(available, outcome.problem().extensions().get("available"));
        assertEquals(required, outcome.problem().extensions().get("required"));
    }

    private static HoldBatch.Request quality() {
        return new HoldBatch.Request(UUID.randomUUID(), Mode.QUALITY);
    }

    private static HoldBatch.Request speed() {
        return new HoldBatch.Request(UUID.randomUUID(), Mode.SPEED);
    }
}
