package com.sprintrr.credits.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.credits.messaging.GenerationCompletedConsumer;
import com.sprintrr.credits.messaging.Topics;
import com.sprintrr.credits.support.Kafka;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.credits.support.Run;

import io.quarkus.test.junit.QuarkusTest;

/** Acceptance 2: redelivered and replayed events change nothing after the first pass. */
@QuarkusTest
class RedeliveryTest {

    @Inject
    LedgerProbe probe;
    @Inject
    GenerationCompletedConsumer consumer;

    @Test
    void sendingEveryEventOfARunTwiceChangesNothingAfterTheFirstPass() throws Exception {
        Run run = Run.of(3);
        Kafka.sendAll(run.events);
        Kafka.awaitConsumed();
        List<LedgerProbe.Snapshot> firstPass = run.snapshot(probe);
        for (LedgerProbe.Snapshot account : firstPass) {
            assertEquals(Run.EXPECTED_BALANCE, account.balance());
            assertEquals(0, account.held());
        }

        // The same records again, and once more as an outbox relay re-publishing them with new event ids.
        Kafka.sendAll(run.events);
        Kafka.sendAll(withNewEventIds(run.events));
        Kafka.awaitConsumed();

        assertEquals(firstPass, run.snapshot(probe));
        assertLedgerIsConsistentEverywhere();
    }

    @Test
    void replayingTheWholeTopicFromTheStartChangesNothing() {
        Run run = Run.of(2);
        Kafka.sendAll(run.events);
        Kafka.awaitConsumed();
        List<LedgerProbe.Snapshot> firstPass = run.snapshot(probe);

        // Every record ever written to the topic (this run and every earlier test's), in fresh
        // batches, through the consumer's own code, while the service's consumer keeps running.
        Kafka.replayFromStart(Topics.GENERATION_COMPLETED, consumer::process);

        assertEquals(firstPass, run.snapshot(probe));
        assertLedgerIsConsistentEverywhere();
    }

    private void assertLedgerIsConsistentEverywhere() {
        assertEquals(0, probe.inconsistentAccounts(), "accounts whose balance or held disagree with their rows");
        assertEquals(0, probe.queryLong("""
                SELECT count(*) FROM (SELECT generation_id FROM ledger_entries WHERE generation_id IS NOT NULL
                                      GROUP BY generation_id, type HAVING count(*) > 1) dup
                """), "generations with a duplicated entry");
        // Charged exactly once: one debit, or none when the account had nothing available and the whole
        // charge is on record as uncollectable.
        assertEquals(0, probe.queryLong("""
                SELECT count(*) FROM processed_events p
                WHERE p.status = 'succeeded'
                  AND (SELECT count(*) FROM ledger_entries l WHERE l.generation_id = p.generation_id AND l.type = 'debit')
                      + (SELECT count(*) FROM uncollectable_charges u WHERE u.generation_id = p.generation_id
                         AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.generation_id = p.generation_id
                                         AND l.type = 'debit')) <> 1
                """), "succeeded generations not charged exactly once");
    }

    private static List<Map.Entry<String, String>> withNewEventIds(List<Map.Entry<String, String>> events) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Map.Entry<String, String>> copies = new ArrayList<>();
        for (Map.Entry<String, String> e : events) {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = json.readValue(e.getValue(), Map.class);
            event.put("eventId", UUID.randomUUID().toString());
            copies.add(Map.entry(e.getKey(), json.writeValueAsString(event)));
        }
        return copies;
    }
}
