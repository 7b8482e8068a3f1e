package com.sprintrr.credits.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small run of generations over a few fresh accounts, mixing every case: captured, released,
 * charged without a hold, byok. Each account ends at 50 - 4x2 - 1 = 41 credits with nothing held.
 */
public final class Run {

    public static final long EXPECTED_BALANCE = 41;

    public final List<String> accounts = new ArrayList<>();
    public final List<Map.Entry<String, String>> events = new ArrayList<>();
    public final List<UUID> creditGenerations = new ArrayList<>();

    public static Run of(int accountCount) {
        Run run = new Run();
        for (int a = 0; a < accountCount; a++) {
            String account = Internal.newAccount();
            run.accounts.add(account);
            for (int i = 0; i < 4; i++) {
                run.credits(account, Internal.holdCreated(account, "quality"), "succeeded", "quality");
            }
            for (int i = 0; i < 2; i++) {
                run.credits(account, Internal.holdCreated(account, "quality"), "failed", "quality");
            }
            run.credits(account, UUID.randomUUID(), "succeeded", "speed");
            run.events.add(Map.entry(account, GenerationEvents.byok(account, UUID.randomUUID(), "succeeded")));
            run.events.add(Map.entry(account, GenerationEvents.byok(account, UUID.randomUUID(), "failed")));
        }
        return run;
    }

    private void credits(String account, UUID generation, String status, String mode) {
        creditGenerations.add(generation);
        events.add(Map.entry(account, GenerationEvents.credits(account, generation, status, mode)));
    }

    /** Every account's full state, in account order. */
    public List<LedgerProbe.Snapshot> snapshot(LedgerProbe probe) {
        List<LedgerProbe.Snapshot> snapshots = new ArrayList<>();
        for (String account : accounts) {
            snapshots.add(probe.snapshot(account));
        }
        return snapshots;
    }
}
