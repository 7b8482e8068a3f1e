package com.sprintrr.credits.hold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.sprintrr.credits.account.Accounts;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.ledger.NewEntry;
import com.sprintrr.platform.db.Sql;

/**
 * Releases holds no event settled in time. Safe on several replicas at once: each run locks the
 * accounts it works on and skips those another replica (or a settlement) holds, and a hold only
 * moves from {@code held} to {@code expired} once.
 */
@ApplicationScoped
public class HoldSweeper {

    private final Sql sql;
    private final Accounts accounts;
    private final Holds holds;
    private final Ledger ledger;

    @Inject
    HoldSweeper(Sql sql, Accounts accounts, Holds holds, Ledger ledger) {
        this.sql = sql;
        this.accounts = accounts;
        this.holds = holds;
        this.ledger = ledger;
    }

    /** What one sweep did, and whether more expired holds may be waiting. */
    public record Sweep(int released, boolean more) {
    }

    /** Releases the expired holds of up to {@code maxAccounts} accounts in one transaction. */
    @Transactional
    public Sweep sweepOnce(Instant now, int maxAccounts) {
        return sql.run("release expired holds", c -> {
            List<String> candidates = holds.accountsWithExpired(c, now, maxAccounts);
            Set<String> locked = accounts.lockUnlessBusy(c, candidates);
            List<Hold> expired = holds.expire(c, locked, now);
            List<NewEntry> releases = new ArrayList<>(expired.size());
            Map<String, Accounts.Delta> deltas = new TreeMap<>();
            for (Hold hold : expired) {
                releases.add(NewEntry.release(hold.accountId(), hold.generationId(), "hold expired"));
                deltas.merge(hold.accountId(), new Accounts.Delta(0, -hold.amount()),
                        (a, b) -> a.plus(b.balance(), b.held()));
            }
            ledger.append(c, releases);
            accounts.apply(c, deltas);
            return new Sweep(expired.size(), candidates.size() == maxAccounts && !locked.isEmpty());
        });
    }
}
