package com.sprintrr.credits.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.support.Internal;
import com.sprintrr.credits.support.LedgerProbe;
import com.sprintrr.platform.problem.ProblemException;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A plan change never mints credits: within a period, the allowance plus plan-change top-ups stay
 * within the allowance of the highest plan held in it; a downgrade grants and takes nothing.
 */
@QuarkusTest
class PlanChangeTest {

    private static final List<String> PLANS = List.of("free-trial", "starter", "pro");

    @Inject
    AccountService accounts;
    @Inject
    CreditRules rules;
    @Inject
    LedgerProbe probe;

    @Test
    void movingDownAndBackUpAfterSpendingTheUpgradeMintsNothing() {
        String account = Internal.newAccount();

        assertEquals(2000, accounts.changePlan(account, "pro").balance());
        spend(account, 2000);
        assertEquals(0, accounts.changePlan(account, "starter").balance());
        assertEquals(0, accounts.changePlan(account, "free-trial").balance());
        assertEquals(0, accounts.changePlan(account, "pro").balance());

        assertEquals(2000, allowanceGrants(probe.entries(account)), "allowance + top-ups of the period");
        probe.assertConsistent(account);
    }

    @Test
    void aDowngradeWithASpentBalanceGrantsNothingAndTakesNothing() {
        String account = spentOn("pro", 1900);

        Account starter = accounts.changePlan(account, "starter");

        assertEquals("starter", starter.plan());
        assertEquals(100, starter.balance());
        assertEquals(0, accounts.changePlan(account, "free-trial").balance() - 100);
        probe.assertConsistent(account);
    }

    @Test
    void anUpgradeAfterSpendingTheLowerPlanGrantsOnlyTheDifferenceOfTheAllowances() {
        String account = spentOn("starter", 500);

        // 50 (free-trial) + 450 (starter) granted so far; pro's 2000 leaves 1500.
        assertEquals(1500, accounts.changePlan(account, "pro").balance());
        probe.assertConsistent(account);
    }

    @Test
    void randomSequencesOfPlanChangesSpendsAndRenewalsKeepThePeriodWithinItsHighestPlan() {
        long seed = Long.getLong("credits.plan-seed", System.nanoTime());
        Random random = new Random(seed);
        for (int sequence = 0; sequence < 20; sequence++) {
            String account = Internal.newAccount();
            String plan = accounts.view(account).plan();
            long peak = rules.allowance(plan);
            long periodGrants = allowanceGrants(probe.entries(account));
            List<String> steps = new ArrayList<>();
            for (int step = 0; step < 25; step++) {
                int seen = probe.entries(account).size();
                long before = probe.balance(account);
                int action = random.nextInt(10);
                if (action < 5) {
                    String next = PLANS.get(random.nextInt(PLANS.size()));
                    steps.add("plan " + plan + " -> " + next);
                    accounts.changePlan(account, next);
                    if (rules.allowance(next) <= rules.allowance(plan)) {
                        assertEquals(before, probe.balance(account), context(seed, steps, "a downgrade changes nothing"));
                    }
                    plan = next;
                    peak = Math.max(peak, rules.allowance(plan));
                } else if (action < 8) {
                    long available = accounts.view(account).available();
                    long amount = available == 0 ? 0 : 1 + (long) random.nextInt((int) Math.min(available, 2500));
                    steps.add("spend " + amount);
                    if (amount > 0) {
                        spend(account, amount);
                    }
                } else if (action < 9) {
                    steps.add("grant 100");
                    accounts.grant(account, 100, "bought", null);
                } else {
                    steps.add("renewal");
                    probe.endPeriod(account);
                    accounts.view(account);
                    peak = rules.allowance(plan);
                    periodGrants = 0;
                }
                List<LedgerProbe.Entry> entries = probe.entries(account);
                periodGrants += allowanceGrants(entries.subList(seen, entries.size()));
                assertTrue(periodGrants <= peak, context(seed, steps,
                        "period grants " + periodGrants + " exceed the highest plan's allowance " + peak));
                assertTrue(probe.balance(account) - probe.held(account) >= 0, context(seed, steps, "available < 0"));
                probe.assertConsistent(account);
            }
        }
    }

    @Test
    void concurrentPlanChangesAndSpendsOnOneAccountStayWithinTheHighestPlan() throws Exception {
        String account = Internal.newAccount();
        long seed = System.nanoTime();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(seed + t);
                runs.add(callers.submit(() -> {
                    start.await();
                    for (int i = 0; i < 30; i++) {
                        if (random.nextBoolean()) {
                            accounts.changePlan(account, PLANS.get(random.nextInt(PLANS.size())));
                        } else {
                            try {
                                accounts.grant(account, -(1 + random.nextInt(400)), "spent", null);
                            } catch (ProblemException refused) {
                                assertEquals(402, refused.status());
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            callers.shutdownNow();
        }

        long grants = allowanceGrants(probe.entries(account));
        assertTrue(grants <= rules.allowance("pro"), "seed " + seed + ": the period granted " + grants);
        assertTrue(probe.balance(account) >= 0, "seed " + seed);
        probe.assertConsistent(account);
    }

    /** A new account moved to the plan, which then spent that many credits. */
    private String spentOn(String plan, long credits) {
        String account = Internal.newAccount();
        accounts.changePlan(account, plan);
        spend(account, credits);
        return account;
    }

    private void spend(String account, long credits) {
        accounts.grant(account, -credits, "spent", null);
    }

    /** The period's allowance and plan-change top-ups among the entries (internal grants excluded). */
    private static long allowanceGrants(List<LedgerProbe.Entry> entries) {
        return entries.stream()
                .filter(e -> e.type().equals("grant") && e.grantKey() != null && !e.grantKey().startsWith("request:"))
                .mapToLong(LedgerProbe.Entry::amount)
                .sum();
    }

    private static String context(long seed, List<String> steps, String problem) {
        return problem + " (seed " + seed + ", rerun with -Dcredits.plan-seed=" + seed + "; steps " + steps + ")";
    }
}
