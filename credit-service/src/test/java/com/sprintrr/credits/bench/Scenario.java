package com.sprintrr.credits.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.sprintrr.credits.account.Accounts;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.NewEntry;
import com.sprintrr.credits.support.GenerationEvents;
import com.sprintrr.platform.db.SqlValues;

/**
 * One benchmark data set on its own accounts and topic: events with a hot account and a byok
 * share, holds placed beforehand for most credits events, and the totals the ledger must show
 * once every event has been settled exactly once.
 */
final class Scenario {

    final String name;
    final String topic;
    final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    final List<String> accounts = new ArrayList<>();

    private final List<UUID> holdGenerations = new ArrayList<>();
    private final List<String> holdAccounts = new ArrayList<>();
    private final List<Mode> holdModes = new ArrayList<>();
    private final Map<String, Long> needs = new HashMap<>();

    long expectedDebits;
    long expectedReleases;
    long expectedCharged;
    long byokEvents;
    long creditsEvents;
    long withoutHold;

    private Scenario(String name, String topic) {
        this.name = name;
        this.topic = topic;
    }

    /** Generates the events (reproducibly for a seed). */
    static Scenario generate(String name, String topic, int events, int accountCount, double hotShare, double byokShare,
            CreditRules rules, long seed) {
        Scenario s = new Scenario(name, topic);
        Random random = new Random(seed);
        for (int i = 0; i < accountCount; i++) {
            s.accounts.add(name + "-acct-" + i);
        }
        String hot = s.accounts.get(0);
        for (int i = 0; i < events; i++) {
            String account = random.nextDouble() < hotShare ? hot : s.accounts.get(1 + random.nextInt(accountCount - 1));
            UUID generation = new UUID(random.nextLong(), random.nextLong());
            String value;
            if (random.nextDouble() < byokShare) {
                s.byokEvents++;
                value = GenerationEvents.byok(account, generation, random.nextDouble() < 0.9 ? "succeeded" : "failed");
            } else {
                s.creditsEvents++;
                Mode mode = random.nextBoolean() ? Mode.QUALITY : Mode.SPEED;
                boolean succeeded = random.nextDouble() < 0.9;
                boolean held = random.nextDouble() < 0.95;
                long cost = rules.cost(mode);
                if (held) {
                    s.holdGenerations.add(generation);
                    s.holdAccounts.add(account);
                    s.holdModes.add(mode);
                } else {
                    s.withoutHold++;
                }
                if (succeeded) {
                    s.expectedDebits++;
                    s.expectedCharged += cost;
                } else if (held) {
                    s.expectedReleases++;
                }
                s.needs.merge(account, cost, Long::sum);
                value = GenerationEvents.credits(account, generation, succeeded ? "succeeded" : "failed", mode.id());
            }
            s.records.add(new ProducerRecord<>(topic, account, value.getBytes(StandardCharsets.UTF_8)));
        }
        return s;
    }

    /**
     * Creates the accounts (opening allowance), tops up those whose events need more, and places
     * the holds, as generation-service would have before the events; committed before timing starts.
     */
    void prepare(Connection c, CreditRules rules, Accounts accountRows, Ledger ledger) throws SQLException {
        Instant now = Instant.now();
        for (int from = 0; from < accounts.size(); from += 2000) {
            accountRows.ensure(c, accounts.subList(from, Math.min(accounts.size(), from + 2000)), now);
        }
        long allowance = rules.allowance(rules.defaultPlan());
        List<NewEntry> topUps = new ArrayList<>();
        Map<String, Accounts.Delta> deltas = new TreeMap<>();
        needs.forEach((account, need) -> {
            if (need > allowance) {
                topUps.add(NewEntry.grant(account, need - allowance, "benchmark top-up", null));
                deltas.put(account, new Accounts.Delta(need - allowance, 0));
            }
        });
        for (int i = 0; i < holdGenerations.size(); i++) {
            deltas.merge(holdAccounts.get(i), new Accounts.Delta(0, rules.cost(holdModes.get(i))),
                    (a, b) -> a.plus(b.balance(), b.held()));
        }
        ledger.append(c, topUps);
        accountRows.apply(c, deltas);
        for (int from = 0; from < holdGenerations.size(); from += 10_000) {
            int to = Math.min(holdGenerations.size(), from + 10_000);
            List<Long> amounts = new ArrayList<>();
            List<String> modes = new ArrayList<>();
            for (int i = from; i < to; i++) {
                amounts.add(rules.cost(holdModes.get(i)));
                modes.add(holdModes.get(i).id());
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO holds (generation_id, account_id, mode, amount, status, expires_at)
                    SELECT g, a, m, x, 'held', now() + interval '1 hour'
                    FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int8[]) AS t(g, a, m, x)
                    """)) {
                s.setArray(1, SqlValues.uuids(c, holdGenerations.subList(from, to)));
                s.setArray(2, SqlValues.texts(c, holdAccounts.subList(from, to)));
                s.setArray(3, SqlValues.texts(c, modes));
                s.setArray(4, SqlValues.longs(c, amounts));
                s.executeUpdate();
            }
        }
        c.commit();
    }

    /** Total credits the scenario's accounts must hold after settlement: all grants minus all charges. */
    long expectedTotalBalance(CreditRules rules) {
        long allowance = rules.allowance(rules.defaultPlan());
        long granted = (long) accounts.size() * allowance;
        for (long need : needs.values()) {
            granted += Math.max(0, need - allowance);
        }
        return granted - expectedCharged;
    }
}
