package com.sprintrr.keys.problem;

import java.util.List;

import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.providers.Provider;

/**
 * Every refusal key-service makes itself, with its stable code, title and status, built here and
 * nowhere else. {@code invalid_request}, {@code database_unavailable} and {@code internal_error} are
 * the platform's.
 */
public final class ByokProblems {

    public static final String UNKNOWN_PROVIDER = "unknown_provider";
    public static final String KEY_NOT_FOUND = "key_not_found";
    public static final String NO_KEY_FOR_PROVIDER = "no_key_for_provider";
    public static final String BYOK_DISABLED = "byok_disabled";
    public static final String KEY_UNREADABLE = "key_unreadable";
    public static final String UNSUPPORTED_MODEL = "unsupported_model";
    public static final String KEY_REJECTED = "key_rejected";
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";
    public static final String BYOK_CHANGES_UNAVAILABLE = "byok_changes_unavailable";

    /** Seconds a client waits before retrying a change Kafka did not acknowledge. */
    static final long CHANGES_RETRY_AFTER_SECONDS = 2;

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

    /** 409 with the account's state version read with the state (a cache keeps "off" with it). */
    public static ProblemException byokDisabled(long stateVersion) {
        return new ProblemException(409, BYOK_DISABLED, "BYOK disabled",
                "BYOK is off or no provider is active for this account.")
                .with("stateVersion", stateVersion);
    }

    /**
     * 503 with Retry-After: the change could not be announced on byok-changes (Kafka did not acknowledge
     * it in time), so it was rolled back; nothing changed.
     */
    public static ProblemException changesUnavailable() {
        return new ProblemException(503, BYOK_CHANGES_UNAVAILABLE, "Changes unavailable",
                "The change could not be applied right now; nothing was changed. Try again later.")
                .with("retryAfterSeconds", CHANGES_RETRY_AFTER_SECONDS);
    }

    public static ProblemException keyUnreadable() {
        return new ProblemException(500, KEY_UNREADABLE, "Key unreadable",
                "The stored key cannot be decrypted; the user has to save it again.");
    }

    /** 400: a model that is not curated for this provider; the curated ones are listed. */
    public static ProblemException unsupportedModel(Provider provider, String displayName, List<String> models) {
        return new ProblemException(400, UNSUPPORTED_MODEL, "Unsupported model",
                "This model is not offered for " + displayName + ".")
                .with("provider", provider.id())
                .with("supportedModels", models);
    }

    /** 422: the provider refused the key; {@code message} is our sentence for the reason, never the provider's text. */
    public static ProblemException keyRejected(Provider provider, String reason, String message) {
        return new ProblemException(422, KEY_REJECTED, "Key rejected", message)
                .with("provider", provider.id())
                .with("reason", reason);
    }

    /** 503: the provider left the answer open (rate limited, failing, slow or unreachable). */
    public static ProblemException providerUnavailable(Provider provider, String reason, String detail) {
        return new ProblemException(503, PROVIDER_UNAVAILABLE, "Provider unavailable", detail)
                .with("provider", provider.id())
                .with("reason", reason);
    }

    /** 429 with Retry-After: the account used up its live validations for now. */
    public static ProblemException tooManyAttempts(int attempts, String window, long retryAfterSeconds) {
        return new ProblemException(429, TOO_MANY_ATTEMPTS, "Too many attempts",
                "Too many key validations for this account; at most " + attempts + " per " + window
                        + ". Try again later.")
                .with("retryAfterSeconds", retryAfterSeconds);
    }
}
