package com.sprintrr.keys.problem;

import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.providers.Provider;

/** The domain refusals of key-service, each with its stable code. */
public final class ByokProblems {

    public static final String UNKNOWN_PROVIDER = "unknown_provider";
    public static final String KEY_NOT_FOUND = "key_not_found";
    public static final String NO_KEY_FOR_PROVIDER = "no_key_for_provider";
    public static final String BYOK_DISABLED = "byok_disabled";
    public static final String KEY_UNREADABLE = "key_unreadable";

    private ByokProblems() {
    }

    /** The provider named in a path; 404 {@code unknown_provider} otherwise (the input is not echoed). */
    public static Provider provider(String id) {
        return Provider.fromId(id).orElseThrow(() -> Problems.notFound(UNKNOWN_PROVIDER,
                "No such provider; use anthropic, openai or gemini."));
    }

    /** 404: the caller has no key for this provider (whatever other accounts have). */
    public static ProblemException keyNotFound(Provider provider) {
        return Problems.notFound(KEY_NOT_FOUND, "No " + provider.id() + " key is stored for this account.");
    }

    public static ProblemException noKeyFor(Provider provider) {
        return new ProblemException(409, NO_KEY_FOR_PROVIDER, "No key for provider",
                "Save a " + provider.id() + " key before making it the active provider.")
                .with("provider", provider.id());
    }

    public static ProblemException byokDisabled() {
        return new ProblemException(409, BYOK_DISABLED, "BYOK disabled",
                "BYOK is off or no provider is active for this account.");
    }

    public static ProblemException keyUnreadable() {
        return new ProblemException(500, KEY_UNREADABLE, "Key unreadable",
                "The stored key cannot be decrypted; the user has to save it again.");
    }
}
