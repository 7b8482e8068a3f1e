package com.sprintrr.credits.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's rules as plain values (allowance per plan, cost per mode, hold lifetime), so the JDBC
 * code that applies them runs the same inside the service and in the benchmark.
 */
public record CreditRules(Map<String, Long> plans, String defaultPlan, long qualityCost, long speedCost, Duration holdTtl) {

    public CreditRules {
        plans = Collections.unmodifiableMap(new TreeMap<>(plans));
        if (!plans.containsKey(defaultPlan)) {
            throw new IllegalArgumentException("sprintrr.credits.plans has no allowance for the default plan '" + defaultPlan + "'");
        }
        plans.forEach((plan, credits) -> {
            if (credits == null || credits < 0) {
                throw new IllegalArgumentException("sprintrr.credits.plans." + plan + " must be 0 or more");
            }
        });
        if (qualityCost <= 0 || speedCost <= 0) {
            throw new IllegalArgumentException("sprintrr.credits.cost.* must be positive");
        }
        if (holdTtl.isNegative() || holdTtl.isZero()) {
            throw new IllegalArgumentException("sprintrr.credits.hold-ttl must be positive");
        }
    }

    public static CreditRules of(CreditsConfig config) {
        return new CreditRules(config.plans(), config.defaultPlan(), config.cost().quality(), config.cost().speed(),
                config.holdTtl());
    }

    /** The rules as documented: free-trial 50, starter 500, pro 2000; quality 2, speed 1; holds live 15 minutes. */
    public static CreditRules defaults() {
        return new CreditRules(Map.of("free-trial", 50L, "starter", 500L, "pro", 2000L), "free-trial", 2, 1,
                Duration.ofMinutes(15));
    }

    public boolean knowsPlan(String plan) {
        return plans.containsKey(plan);
    }

    /** Monthly credits of the plan; 0 for a plan no longer configured (its accounts keep their balance, get no top-up). */
    public long allowance(String plan) {
        Long credits = plans.get(plan);
        return credits == null ? 0 : credits;
    }

    public long cost(Mode mode) {
        return mode == Mode.QUALITY ? qualityCost : speedCost;
    }
}
