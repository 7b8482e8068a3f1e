package com.sprintrr.credits.api;

import java.time.Instant;
import java.util.UUID;

import com.sprintrr.credits.ledger.LedgerEntry;

/** One ledger entry as clients see it; {@code reason} says why, where there is more to say than the type. */
public record LedgerEntryView(UUID id, String type, long amount, UUID generationId, String reason, Instant createdAt) {

    static LedgerEntryView of(LedgerEntry entry) {
        return new LedgerEntryView(entry.id(), entry.type().id(), entry.amount(), entry.generationId(), entry.reason(),
                entry.createdAt());
    }
}
