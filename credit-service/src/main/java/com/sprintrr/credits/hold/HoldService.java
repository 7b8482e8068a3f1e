package com.sprintrr.credits.hold;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.sprintrr.credits.CreditProblems;
import com.sprintrr.credits.account.Account;
import com.sprintrr.credits.account.AccountService;
import com.sprintrr.credits.account.Accounts;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.platform.db.Sql;

/** Places holds for generations on the credits path, once per generation id. */
@ApplicationScoped
public class HoldService {

    private final Sql sql;
    private final CreditRules rules;
    private final AccountService accountService;
    private final Accounts accounts;
    private final Holds holds;

    @Inject
    HoldService(Sql sql, CreditRules rules, AccountService accountService, Accounts accounts, Holds holds) {
        this.sql = sql;
        this.rules = rules;
        this.accountService = accountService;
        this.accounts = accounts;
        this.holds = holds;
    }

    /** A hold and whether this call placed it (false: the generation already had it). */
    public record Placement(Hold hold, boolean created) {
    }

    /**
     * Reserves the mode's cost for the generation. The account row is locked first, so a repeated
     * call waits for the first and then finds its hold; the reservation itself is a conditional
     * update, so {@code available} cannot go below zero whatever runs concurrently. Three round
     * trips and the commit while the account is locked (lock, what the generation already has,
     * reserve with insert): a busy account serialises on this lock, so nothing else runs under it.
     */
    @Transactional
    public Placement place(String accountId, UUID generationId, Mode mode) {
        Instant now = Instant.now();
        return sql.run("place a hold", c -> {
            Account account = accountService.openLocked(c, accountId, now);
            // Read after the lock, not in its statement: a locking read re-checks only the locked row,
            // so a settlement committed while we waited would be missed by a join in the same query.
            Holds.Prior prior = holds.prior(c, generationId);
            if (prior.hold().isPresent()) {
                if (!prior.hold().get().accountId().equals(accountId)) {
                    throw CreditProblems.generationConflict();
                }
                return new Placement(prior.hold().get(), false);
            }
            if (prior.settled()) {
                // Its generation-completed event was already settled without a hold: this call
                // arrived late (generation-service gave up on it and recorded the generation as
                // failed). A hold now would wait for its TTL, held by nothing. The account row
                // lock orders this check against the settlement, which locks the row too.
                throw CreditProblems.generationSettled();
            }
            long cost = rules.cost(mode);
            Hold hold = new Hold(generationId, accountId, mode, cost, HoldStatus.HELD,
                    now.plus(rules.holdTtl()).truncatedTo(ChronoUnit.MILLIS));
            Holds.Reservation reservation = holds.reserveAndInsert(c, hold);
            if (!reservation.reserved()) {
                throw CreditProblems.insufficientCredits(account.available(), cost);
            }
            if (!reservation.inserted()) {
                // Another account placed a hold for this generation id in the meantime; throwing
                // rolls the reservation back.
                throw CreditProblems.generationConflict();
            }
            return new Placement(hold, true);
        });
    }
}
