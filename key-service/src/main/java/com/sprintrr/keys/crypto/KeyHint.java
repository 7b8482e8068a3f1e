package com.sprintrr.keys.crypto;

import com.sprintrr.providers.ApiKey;

/**
 * The short form of a key users see ("sk-pro…x9Qa"): at most ten characters of the key and never
 * more than a quarter of it, so a hint cannot meaningfully narrow down a key.
 */
public final class KeyHint {

    static final int MAX_SHOWN = 10;
    static final int MAX_TAIL = 4;
    static final String ELLIPSIS = "…";

    private KeyHint() {
    }

    public static String of(ApiKey key) {
        return of(key.reveal());
    }

    static String of(String key) {
        int shown = Math.min(MAX_SHOWN, key.length() / 4);
        int tail = Math.min(MAX_TAIL, shown / 2);
        int head = shown - tail;
        return key.substring(0, head) + ELLIPSIS + key.substring(key.length() - tail);
    }
}
