package com.sprintrr.keys.support;

import java.security.SecureRandom;
import java.util.UUID;

import com.sprintrr.providers.Provider;

/** Fresh accounts and keys of each provider's real shape, unique per test so no state is shared. */
public final class TestKeys {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    public static String account() {
        return "acct-" + UUID.randomUUID();
    }

    /** Anthropic sk-ant-api03-… (108), OpenAI sk-proj-… (164), Gemini AIza… (39). */
    public static String key(Provider provider) {
        switch (provider) {
            case ANTHROPIC:
                return "sk-ant-api03-" + random(91) + "-4JAA";
            case OPENAI:
                return "sk-proj-" + random(148) + "T3Bl";
            default:
                return "AIza" + random(35);
        }
    }

    public static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
