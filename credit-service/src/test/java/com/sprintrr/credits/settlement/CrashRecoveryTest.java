package com.sprintrr.credits.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.sprintrr.credits.messaging.GenerationCompletedConsumer;
import com.sprintrr.credits.messaging.Topics;
import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.testing.Await;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance 5: a crash at either dangerous moment loses nothing and charges nothing twice.
 * Between the database commit and the offset commit, a crash means the batch comes again; inside
 * the transaction, it means the transaction never happened.
 */
@QuarkusTest
class CrashRecoveryTest {

    @Inject
    LedgerProbe probe;
    @Inject
    GenerationCompletedConsumer consumer;

    @Test
    void aBatchCommittedButNeverAcknowledgedComesAgainWithoutEffect() {
        String account = Internal.newAccount();
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID generation = Internal.holdCreated(account, "quality");
            events.add(Map.entry(account, GenerationEvents.credits(account, generation, i < 4 ? "succeeded" : "failed", "quality")));
        }
        Kafka.sendAll(events);
        Kafka.awaitConsumed();
        LedgerProbe.Snapshot settled = probe.snapshot(account);
        assertEquals(42, settled.balance());

        // What a restarted (or rebalanced) consumer receives when the offsets of settled batches were
        // never committed: the same records, in batches cut differently.
        List<ConsumerRecord<String, byte[]>> records = Kafka.recordsWithKey(Topics.GENERATION_COMPLETED, account, events.size());
        consumer.process(records);
        for (ConsumerRecord<String, byte[]> record : records) {
            consumer.process(List.of(record));
        }

        assertEquals(settled, probe.snapshot(account));
        probe.assertConsistent(account);
    }

    @Test
    void aConnectionKilledMidBatchRollsTheBatchBackAndTheRetrySettlesItOnce() {
        String account = Internal.newAccount();
        List<UUID> generations = new ArrayList<>();
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UUID generation = Internal.holdCreated(account, "quality");
            generations.add(generation);
            events.add(Map.entry(account, GenerationEvents.credits(account, generation, "succeeded", "quality")));
        }
        String crash = "crash_" + UUID.randomUUID().toString().replace("-", "");
        // The first time the batch writes this account's ledger entries (after its dedupe records,
        // before its balance update), the database connection dies, as in a crash of the service.
        probe.execute("CREATE SEQUENCE " + crash);
        probe.execute("CREATE FUNCTION " + crash + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.account_id = '" + account + "' THEN "
                + "  IF nextval('" + crash + "') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; "
                + "END IF; RETURN NEW; END $$");
        probe.execute("CREATE TRIGGER " + crash + " BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION " + crash + "()");
        try {
            Kafka.sendAll(events);
            Await.until("every event to be settled", () -> generations.stream().allMatch(probe::processed));
        } finally {
            probe.execute("DROP TRIGGER " + crash + " ON ledger_entries");
            probe.execute("DROP FUNCTION " + crash + "()");
        }

        assertTrue(probe.queryLong("SELECT last_value FROM " + crash) > 1, "the crash happened and a retry followed");
        assertEquals(30, probe.balance(account));
        assertEquals(0, probe.held(account));
        for (UUID generation : generations) {
            assertEquals(List.of(new LedgerProbe.Entry("debit", -2, generation, null, null)), probe.entries(generation));
        }
        probe.assertConsistent(account);
        probe.execute("DROP SEQUENCE " + crash);
    }
}
