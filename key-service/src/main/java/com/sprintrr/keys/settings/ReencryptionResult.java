package com.sprintrr.keys.settings;

/** One re-encryption batch: rows moved to the primary master key, and rows still under another. */
public record ReencryptionResult(int reencrypted, long remaining) {
}
