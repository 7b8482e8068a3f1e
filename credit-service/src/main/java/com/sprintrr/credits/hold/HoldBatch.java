package com.sprintrr.credits.hold;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.sprintrr.credits.CreditProblems;
import com.sprintrr.credits.account.Account;
import com.sprintrr.credits.account.AccountService;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.hold.HoldService.Placement;
import com.sprintrr.platform.db.Sql;
import com.sprintrr.platform.problem.ProblemException;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * One transaction placing several holds of one account, each decided in order as if it ran alone
 * right after the ones before it: one lock, one read of what the generations already have, one
 * insert-and-reserve, one commit, whatever the number of holds (group commit, issue 12).
 */
@ApplicationScoped
class HoldBatch {

    private final Sql sql;
    private final CreditRules rules;
    private final AccountService accountService;
    private final Holds holds;

    @Inject
    HoldBatch(Sql sql, CreditRules rules, AccountService accountService, Holds holds) {
        this.sql = sql;
        this.rules = rules;
        this.accountService = accountService;
        this.holds = holds;
    }

    /** One caller's hold request. */
    record Request(UUID generationId, Mode mode) {
    }

    /** What one request gets: a placement, or the problem it would have got alone. */
    record Outcome(Placement placement, ProblemException problem) {

        static Outcome placed(Hold hold, boolean created) {
            return new Outcome(new Placement(hold, created), null);
        }

        static Outcome refused(ProblemException problem) {
            return new Outcome(null, problem);
        }

        /** The placement, or the problem thrown. */
        Placement get() {
            if (problem != null) {
                throw problem;
            }
            return placement;
        }
    }

    /**
     * Thrown to roll the batch back when another account took one of its generation ids between the
     * read and the insert: later requests were checked against an available that counted that hold,
     * so their answers may be wrong. Rare (two accounts racing for one generation id); each request
     * is then placed alone.
     */
    static final class RaceLost extends RuntimeException {

        RaceLost() {
            super("another account took a generation id of this batch", null, false, false);
        }
    }

    /**
     * Places the requests (all of one account) in one new transaction and returns one outcome per
     * request, in order. The account row is locked first, so nothing else changes its balance, its
     * holds or its generations' settlement until the commit: the requests are decided against the
     * state the lock froze plus what the earlier requests of the batch did, exactly as one
     * transaction each would have been, in this order. A generation asked for twice gets one hold
     * (the second "already had it"). When no hold is created the transaction rolls back, as a
     * refused hold always did. Runs in a transaction of its own (REQUIRES_NEW): the other callers
     * of the batch are answered only once it committed.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public List<Outcome> place(String accountId, List<Request> requests) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(rules.holdTtl()).truncatedTo(ChronoUnit.MILLIS);
        return sql.run("place holds", c -> {
            Account account = accountService.openLocked(c, accountId, now);
            // Read after the lock, not in its statement: a locking read re-checks only the locked row,
            // so a settlement committed while we waited would be missed by a join in the same query.
            Set<UUID> ids = new LinkedHashSet<>();
            requests.forEach(r -> ids.add(r.generationId()));
            Map<UUID, Holds.Prior> priors = holds.priors(c, ids);
            long available = account.available();
            Map<UUID, Hold> created = new LinkedHashMap<>();
            List<Outcome> outcomes = new ArrayList<>(requests.size());
            for (Request request : requests) {
                Holds.Prior prior = priors.get(request.generationId());
                Hold existing = created.getOrDefault(request.generationId(), prior.hold().orElse(null));
                if (existing != null) {
                    outcomes.add(existing.accountId().equals(accountId) ? Outcome.placed(existing, false)
                            : Outcome.refused(CreditProblems.generationConflict()));
                } else if (prior.settled()) {
                    // Its generation-completed event was already settled without a hold: this call
                    // arrived late (generation-service gave up on it and recorded the generation as
                    // failed). A hold now would wait for its TTL, held by nothing. The account row
                    // lock orders this check against the settlement, which locks the row too.
                    outcomes.add(Outcome.refused(CreditProblems.generationSettled()));
                } else {
                    // The per-request check: each hold against what the ones before it left.
                    long cost = rules.cost(request.mode());
                    if (cost > available) {
                        outcomes.add(Outcome.refused(CreditProblems.insufficientCredits(available, cost)));
                    } else {
                        Hold hold = new Hold(request.generationId(), accountId, request.mode(), cost, HoldStatus.HELD,
                                expiresAt);
                        created.put(hold.generationId(), hold);
                        available -= cost;
                        outcomes.add(Outcome.placed(hold, true));
                    }
                }
            }
            if (created.isEmpty()) {
                QuarkusTransaction.setRollbackOnly();
                return outcomes;
            }
            Set<UUID> inserted = holds.insertAndReserve(c, accountId, created.values());
            if (inserted.size() < created.size()) {
                // Another account placed a hold for one of these generation ids since the read.
                if (requests.size() > 1) {
                    throw new RaceLost();
                }
                QuarkusTransaction.setRollbackOnly();
                return List.of(Outcome.refused(CreditProblems.generationConflict()));
            }
            return outcomes;
        });
    }
}
