package com.sprintrr.credits.ledger;

import java.util.UUID;

/**
 * An entry about to be appended. {@code grantKey} makes a grant happen once (per account); a
 * generation has at most one debit and one release, enforced by a unique index.
 */
public record NewEntry(String accountId, EntryType type, long amount, UUID generationId, String reason, String grantKey) {

    public static NewEntry grant(String accountId, long amount, String reason, String grantKey) {
        return new NewEntry(accountId, EntryType.GRANT, amount, null, reason, grantKey);
    }

    public static NewEntry debit(String accountId, long credits, UUID generationId, String reason) {
        return new NewEntry(accountId, EntryType.DEBIT, -credits, generationId, reason, null);
    }

    public static NewEntry release(String accountId, UUID generationId, String reason) {
        return new NewEntry(accountId, EntryType.RELEASE, 0, generationId, reason, null);
    }
}
