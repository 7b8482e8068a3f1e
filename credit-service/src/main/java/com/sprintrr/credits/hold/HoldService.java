package com.sprintrr.credits.hold;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
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
     * update, so {@code available} cannot go below zero whatever runs concurrently.
     */
    @Transactional
    public Placement place(String accountId, UUID generationId, Mode mode) {
        Instant now = Instant.now();
        return sql.run("place a hold", c -> {
            Account account = accountService.openLocked(c, accountId, now);
            Optional<Hold> existing = holds.find(c, generationId);
            if (existing.isPresent()) {
                if (!existing.get().accountId().equals(accountId)) {
                    throw CreditProblems.generationConflict();
                }
                return new Placement(existing.get(), false);
            }
            if (holds.settled(c, generationId)) {
                // Its generation-completed event was already settled without a hold: this call
                // arrived late (generation-service gave up on it and recorded the generation as
                // failed). A hold now would wait for its TTL, held by nothing. The account row
                // lock orders this check against the settlement, which locks the row too.
                throw CreditProblems.generationSettled();
            }
            long cost = rules.cost(mode);
            if (!accounts.reserve(c, accountId, cost)) {
                throw CreditProblems.insufficientCredits(account.available(), cost);
            }
            Hold hold = new Hold(generationId, accountId, mode, cost, HoldStatus.HELD,
                    now.plus(rules.holdTtl()).truncatedTo(ChronoUnit.MILLIS));
            if (!holds.insert(c, hold)) {
                // Another account placed a hold for this generation id in the meantime.
                throw CreditProblems.generationConflict();
            }
            return new Placement(hold, true);
        });
    }
}
