package com.sprintrr.credits.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.hold.HoldSweeper;
import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.credits.support.LedgerProbe.Entry;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 1: what one generation-completed event does to an account, end to end through Kafka. */
@QuarkusTest
class SettlementTest {

    @Inject
    LedgerProbe probe;
    @Inject
    HoldSweeper sweeper;

    @Test
    void succeededCreditsEventDebitsExactlyTheHoldAmount() {
        String account = Internal.newAccount();
        UUID generation = Internal.holdCreated(account, "quality");

        settle(account, generation, "succeeded", "quality");

        assertSettled(account, generation, 48, 0, "captured", new Entry("debit", -2, generation, null, null));
    }

    @Test
    void failedCreditsEventReleasesTheHold() {
        String account = Internal.newAccount();
        UUID generation = Internal.holdCreated(account, "speed");
        assertEquals(1, probe.held(account));

        settle(account, generation, "failed", "speed");

        assertSettled(account, generation, 50, 0, "released",
                new Entry("release", 0, generation, "generation failed", null));
    }

    @Test
    void byokEventWithAnyPayloadLeavesBalanceAndLedgerUntouched() {
        String account = Internal.newAccount();
        UUID openHold = Internal.holdCreated(account, "quality");
        LedgerProbe.Snapshot before = probe.snapshot(account);

        // Whatever a byok event says (a mode, a success, a failure, the id of an open credits hold,
        // huge usage), it never touches a balance, a hold or the ledger.
        Map<String, Object> withMode = GenerationEvents.event(account, UUID.randomUUID(), "byok", "succeeded", "quality");
        Map<String, Object> onTheHold = GenerationEvents.event(account, openHold, "byok", "succeeded", "quality");
        Map<String, Object> failed = GenerationEvents.event(account, openHold, "byok", "failed", "speed");
        Map<String, Object> hugeUsage = GenerationEvents.event(account, UUID.randomUUID(), "byok", "succeeded", null);
        hugeUsage.put("usage", Map.of("inputTokens", Long.MAX_VALUE, "outputTokens", 1_000_000_000));
        for (Map<String, Object> event : List.of(withMode, onTheHold, failed, hugeUsage)) {
            Kafka.send(account, GenerationEvents.json(event));
        }
        // A byok event for an account never seen before does not even create it.
        String stranger = Internal.newAccount();
        Kafka.send(stranger, GenerationEvents.byok(stranger, UUID.randomUUID(), "succeeded"));
        Kafka.awaitConsumed();

        assertEquals(before, probe.snapshot(account));
        assertEquals("held", probe.holdStatus(openHold));
        assertFalse(probe.accountExists(stranger), "a byok event must not create an account");
    }

    @Test
    void succeededEventWithoutAHoldIsChargedOnceAndSaysWhy() {
        String account = Internal.newAccount();
        UUID generation = UUID.randomUUID();

        settle(account, generation, "succeeded", "quality");

        // First touch created the account with its allowance; the charge is the mode's cost.
        assertSettled(account, generation, 48, 0, null,
                new Entry("debit", -2, generation, "charged without hold: none was placed", null));
    }

    @Test
    void succeededEventAfterItsHoldExpiredIsChargedOnce() {
        String account = Internal.newAccount();
        UUID generation = Internal.holdCreated(account, "quality");
        expire(List.of(generation));
        assertEquals("expired", probe.holdStatus(generation));
        assertEquals(0, probe.held(account));

        settle(account, generation, "succeeded", "quality");

        assertSettled(account, generation, 48, 0, "captured", new Entry("release", 0, generation, "hold expired", null),
                new Entry("debit", -2, generation, "charged without hold: the hold had expired", null));
    }

    @Test
    void aHoldArrivingAfterItsGenerationFailedWithoutOneIsRefusedAndHoldsNothing() {
        // generation-service's hold call timed out, so it recorded the generation as failed; the
        // failed event is settled before the late hold request reaches the account.
        String account = Internal.newAccount();
        UUID generation = UUID.randomUUID();
        settle(account, generation, "failed", "quality");

        Internal.placeHold(account, generation, "quality").then().statusCode(409)
                .body("code", is("generation_settled"));

        assertSettled(account, generation, 50, 0, null);
    }

    @Test
    void failedEventAfterItsHoldExpiredChangesNothingMore() {
        String account = Internal.newAccount();
        UUID generation = Internal.holdCreated(account, "quality");
        expire(List.of(generation));

        settle(account, generation, "failed", "quality");

        assertSettled(account, generation, 50, 0, "expired", new Entry("release", 0, generation, "hold expired", null));
    }

    @Test
    void aChargeWithoutAHoldTakesOnlyWhatIsAvailableAndRecordsTheRestAsUncollectable() {
        String account = Internal.newAccount();
        for (int i = 0; i < 25; i++) {
            Internal.holdCreated(account, "quality");
        }
        Internal.placeHold(account, UUID.randomUUID(), "speed").then().statusCode(402);
        UUID unheld = UUID.randomUUID();

        settle(account, unheld, "succeeded", "speed");

        // Nothing was available: no debit, the open holds keep their credits, the charge is on record.
        assertEquals(50, probe.balance(account));
        assertEquals(50, probe.held(account));
        assertEquals(List.of(), probe.entries(unheld));
        assertEquals(1, probe.uncollectable(unheld));
        Internal.credits(account).then().statusCode(200).body("available", is(0));
        probe.assertConsistent(account);
    }

    @Test
    void lateSuccessesInOneBatchCollectWhatIsAvailableBetweenThem() {
        String account = Internal.newAccount();
        List<UUID> expired = List.of(Internal.holdCreated(account, "quality"), Internal.holdCreated(account, "quality"));
        for (int i = 0; i < 23; i++) {
            Internal.holdCreated(account, "quality");
        }
        expire(expired);
        assertEquals(4, probe.balance(account) - probe.held(account));
        UUID unheld = UUID.randomUUID();

        Kafka.sendAll(List.of(
                Map.entry(account, GenerationEvents.credits(account, expired.get(0), "succeeded", "quality")),
                Map.entry(account, GenerationEvents.credits(account, unheld, "succeeded", "quality")),
                Map.entry(account, GenerationEvents.credits(account, expired.get(1), "succeeded", "quality"))));
        probe.awaitSettled(expired.get(0), unheld, expired.get(1));

        long collected = 0;
        long uncollectable = 0;
        for (UUID g : List.of(expired.get(0), unheld, expired.get(1))) {
            long debited = -probe.entries(g).stream().filter(e -> e.type().equals("debit")).mapToLong(Entry::amount).sum();
            assertEquals(2, debited + probe.uncollectable(g), "each generation is charged its cost exactly once");
            collected += debited;
            uncollectable += probe.uncollectable(g);
        }
        assertEquals(4, collected);
        assertEquals(2, uncollectable);
        assertEquals(0, probe.balance(account) - probe.held(account));
        probe.assertConsistent(account);
    }

    /**
     * Asserts the account's balance and held credits, the generation's entries and its hold's status
     * (null: no hold), and that the account's stored sums agree with its rows.
     */
    private void assertSettled(String account, UUID generation, long balance, long held, String holdStatus,
            Entry... entries) {
        assertEquals(balance, probe.balance(account), "balance");
        assertEquals(held, probe.held(account), "held");
        assertEquals(List.of(entries), probe.entries(generation));
        assertEquals(holdStatus, probe.holdStatus(generation), "hold status");
        probe.assertConsistent(account);
    }

    /** Sends the generation's credits event and waits until it is settled. */
    private void settle(String account, UUID generation, String status, String mode) {
        Kafka.send(account, GenerationEvents.credits(account, generation, status, mode));
        probe.awaitSettled(generation);
    }

    /** Lets the holds expire and has the sweeper release them, as its schedule would. */
    private void expire(List<UUID> holds) {
        holds.forEach(probe::expireHold);
        sweeper.sweepOnce(Instant.now(), 1000);
    }
}
