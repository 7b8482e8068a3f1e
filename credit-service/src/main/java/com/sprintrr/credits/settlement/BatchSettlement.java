package com.sprintrr.credits.settlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.sprintrr.credits.account.Accounts;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.hold.Hold;
import com.sprintrr.credits.hold.HoldStatus;
import com.sprintrr.credits.hold.Holds;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.NewEntry;
import com.sprintrr.credits.ledger.Uncollectable;
import com.sprintrr.platform.db.SqlValues;

/**
 * Applies a batch of generation-completed events inside the caller's transaction, with a fixed
 * number of statements whatever the batch size: the dedupe records, the accounts (locked in id
 * order, created first if new), the holds, the ledger entries and one aggregated balance change per
 * account. A generation already recorded changes nothing, so a redelivered or replayed batch is
 * harmless; the dedupe record commits or rolls back with the ledger change it guards.
 */
@Singleton
public class BatchSettlement {

    private final CreditRules rules;
    private final Accounts accounts;
    private final Holds holds;
    private final Ledger ledger;

    @Inject
    public BatchSettlement(CreditRules rules, Accounts accounts, Holds holds, Ledger ledger) {
        this.rules = rules;
        this.accounts = accounts;
        this.holds = holds;
        this.ledger = ledger;
    }

    /** How many events of a batch ended which way, and how many credits could not be collected. */
    public record Result(Map<Outcome, Integer> counts, long uncollectableCredits) {

        Result(Map<Outcome, Integer> counts) {
            this(counts, 0);
        }

        public int count(Outcome outcome) {
            return counts.getOrDefault(outcome, 0);
        }
    }

    public Result apply(Connection c, List<GenerationCompleted> events) throws SQLException {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        // A byok generation never touches a balance, whatever its payload says: nothing to record.
        // Within the batch the first event of a generation wins, as it would across batches.
        Map<UUID, GenerationCompleted> credits = new LinkedHashMap<>();
        for (GenerationCompleted event : events) {
            if (event.source() == GenerationCompleted.Source.BYOK) {
                counts.merge(Outcome.BYOK, 1, Integer::sum);
            } else if (credits.putIfAbsent(event.generationId(), event) != null) {
                counts.merge(Outcome.DUPLICATE, 1, Integer::sum);
            }
        }
        if (credits.isEmpty()) {
            return new Result(counts);
        }

        Set<UUID> fresh = recordFirstSight(c, credits.values());
        counts.merge(Outcome.DUPLICATE, credits.size() - fresh.size(), Integer::sum);
        if (fresh.isEmpty()) {
            return new Result(counts);
        }
        List<GenerationCompleted> toSettle = new ArrayList<>(fresh.size());
        Set<String> accountIds = new TreeSet<>();
        for (GenerationCompleted event : credits.values()) {
            if (fresh.contains(event.generationId())) {
                toSettle.add(event);
                accountIds.add(event.accountId());
            }
        }
        Map<String, Long> available = accounts.lockAvailable(c, accountIds);
        Set<String> missing = new TreeSet<>(accountIds);
        missing.removeAll(available.keySet());
        if (!missing.isEmpty()) {
            // First touch by an event without a hold: create, then lock. Existing accounts are
            // locked first, so the common case costs one statement less.
            accounts.ensure(c, missing, Instant.now());
            available.putAll(accounts.lockAvailable(c, missing));
        }
        Map<UUID, Hold> holdsByGeneration = holds.findAll(c, fresh);

        List<NewEntry> entries = new ArrayList<>(toSettle.size());
        List<Uncollectable> uncollectable = new ArrayList<>();
        Map<UUID, HoldStatus> settledHolds = new LinkedHashMap<>();
        Map<String, Accounts.Delta> deltas = new TreeMap<>();
        for (GenerationCompleted event : toSettle) {
            Hold hold = holdsByGeneration.get(event.generationId());
            if (hold != null && !hold.accountId().equals(event.accountId())) {
                hold = null; // another account's hold is not this generation's: it expires on its own
            }
            Outcome outcome = settle(event, hold, available, entries, uncollectable, settledHolds, deltas);
            counts.merge(outcome, 1, Integer::sum);
        }
        ledger.append(c, entries);
        ledger.recordUncollectable(c, uncollectable);
        holds.settle(c, settledHolds);
        accounts.apply(c, deltas);
        return new Result(counts, uncollectable.stream().mapToLong(Uncollectable::amount).sum());
    }

    /**
     * Settles one event. {@code available} holds each locked account's {@code balance - held} as the
     * batch's earlier events left it: a charge without an open hold takes at most that much, so no
     * order of events in or across batches can take it below zero.
     */
    private Outcome settle(GenerationCompleted event, Hold hold, Map<String, Long> available, List<NewEntry> entries,
            List<Uncollectable> uncollectable, Map<UUID, HoldStatus> settledHolds, Map<String, Accounts.Delta> deltas) {
        String account = event.accountId();
        UUID generation = event.generationId();
        if (hold != null && (hold.status() == HoldStatus.CAPTURED || hold.status() == HoldStatus.RELEASED)) {
            return Outcome.DUPLICATE; // settled before; only possible if its dedupe record was removed
        }
        boolean open = hold != null && hold.status() == HoldStatus.HELD;
        if (event.status() == GenerationCompleted.Status.SUCCEEDED) {
            if (open) {
                entries.add(NewEntry.debit(account, hold.amount(), generation, null));
                settledHolds.put(generation, HoldStatus.CAPTURED);
                change(deltas, account, -hold.amount(), -hold.amount());
                return Outcome.CAPTURED;
            }
            // The generation ran on the platform's key, so it is charged once, but nothing reserved
            // the credits: it takes only what is available (never below zero, never from other open
            // holds) and records the rest as uncollectable. The entries say why.
            long amount;
            String reason;
            if (hold != null) {
                amount = hold.amount();
                reason = "charged without hold: the hold had expired";
                settledHolds.put(generation, HoldStatus.CAPTURED);
            } else {
                amount = rules.cost(event.mode());
                reason = "charged without hold: none was placed";
            }
            long collected = Math.min(amount, Math.max(0, available.get(account)));
            long missing = amount - collected;
            if (collected > 0) {
                entries.add(NewEntry.debit(account, collected, generation,
                        missing == 0 ? reason : reason + "; " + missing + " of " + amount + " credits uncollectable"));
                change(deltas, account, -collected, 0);
                available.merge(account, -collected, Long::sum);
            }
            if (missing > 0) {
                uncollectable.add(new Uncollectable(account, generation, missing, reason + "; available was " + (amount - missing)));
                return Outcome.PARTLY_UNCOLLECTABLE;
            }
            return Outcome.CHARGED_WITHOUT_HOLD;
        }
        if (open) {
            entries.add(NewEntry.release(account, generation, "generation failed"));
            settledHolds.put(generation, HoldStatus.RELEASED);
            change(deltas, account, 0, -hold.amount());
            available.merge(account, hold.amount(), Long::sum);
            return Outcome.RELEASED;
        }
        return Outcome.NOTHING_TO_RELEASE;
    }

    private static void change(Map<String, Accounts.Delta> deltas, String account, long balance, long held) {
        deltas.merge(account, new Accounts.Delta(balance, held), (a, b) -> a.plus(b.balance(), b.held()));
    }

    /** Writes the dedupe records (in generation id order); returns the generations seen for the first time. */
    private static Set<UUID> recordFirstSight(Connection c, Collection<GenerationCompleted> events) throws SQLException {
        List<GenerationCompleted> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> a.generationId().compareTo(b.generationId()));
        List<UUID> generations = new ArrayList<>(sorted.size());
        List<UUID> eventIds = new ArrayList<>(sorted.size());
        List<String> accountIds = new ArrayList<>(sorted.size());
        List<String> statuses = new ArrayList<>(sorted.size());
        for (GenerationCompleted e : sorted) {
            generations.add(e.generationId());
            eventIds.add(e.eventId());
            accountIds.add(e.accountId());
            statuses.add(e.status().id());
        }
        Set<UUID> fresh = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO processed_events (generation_id, event_id, account_id, status)
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[])
                ON CONFLICT (generation_id) DO NOTHING
                RETURNING generation_id
                """)) {
            s.setArray(1, SqlValues.uuids(c, generations));
            s.setArray(2, SqlValues.uuids(c, eventIds));
            s.setArray(3, SqlValues.texts(c, accountIds));
            s.setArray(4, SqlValues.texts(c, statuses));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return fresh;
    }
}
