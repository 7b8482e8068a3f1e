package com.sprintrr.credits.ledger;

import java.time.Instant;
import java.util.UUID;

/** One stored, immutable ledger entry. */
public record LedgerEntry(UUID id, String accountId, EntryType type, long amount, UUID generationId, String reason,
        Instant createdAt) {
}
