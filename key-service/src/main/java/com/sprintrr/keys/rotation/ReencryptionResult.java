package com.sprintrr.keys.rotation;

import java.util.List;

/**
 * One re-encryption batch. {@code remaining}: rows another batch will move (under a configured master
 * key other than the primary, not found unreadable); 0 means re-encryption is done. {@code unreadable}:
 * rows no batch can move, because they do not authenticate under their master key or that key is not
 * configured; the first {@link #MAX_LISTED} are listed (account, provider, master key id; never key material).
 */
public record ReencryptionResult(int reencrypted, long remaining, long unreadable, List<UnreadableKey> unreadableKeys) {

    public static final int MAX_LISTED = 100;

    /** A row re-encryption cannot move; {@code reason} is {@code authentication_failed} or {@code master_key_missing}. */
    public record UnreadableKey(String accountId, String provider, String masterKeyId, String reason) {
    }
}
