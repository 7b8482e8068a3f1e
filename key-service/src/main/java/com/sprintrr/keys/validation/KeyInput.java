package com.sprintrr.keys.validation;

import com.sprintrr.platform.problem.Problems;
import com.sprintrr.providers.ApiKey;

/**
 * The checks a submitted key passes before any provider sees it. Keys of all three providers are
 * visible ASCII; the messages describe the problem and never quote the input.
 */
public final class KeyInput {

    public static final int MAX_LENGTH = 512;

    private KeyInput() {
    }

    /** The trimmed key; 400 {@code invalid_request} when missing, empty, over-long or not visible ASCII. */
    public static ApiKey parse(String raw) {
        if (raw == null) {
            throw Problems.invalidRequest("Field 'apiKey' is required.");
        }
        String key = raw.strip();
        if (key.isEmpty()) {
            throw Problems.invalidRequest("Field 'apiKey' must not be empty.");
        }
        if (key.length() > MAX_LENGTH) {
            throw Problems.invalidRequest("Field 'apiKey' is longer than " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw Problems.invalidRequest("Field 'apiKey' may only contain visible ASCII characters "
                        + "(no spaces, control or non-ASCII characters).");
            }
        }
        return ApiKey.of(key);
    }
}
