package com.sprintrr.keys.validation;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.audit.AuditAction;
import com.sprintrr.keys.audit.AuditTrail;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.KeyCheck;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * The live test of a key: the provider's models-list call (no tokens), through the shared
 * providers module. A refusal is 422 {@code key_rejected}, anything that leaves the answer open
 * (429, 5xx, 529, timeout, no connection) is 503 {@code provider_unavailable}. Saving a key and
 * checking a stored one both come through {@link #rejection}, so a refusal is audited the same way.
 */
@ApplicationScoped
public class KeyValidator {

    private final ProviderClient providers;
    private final MeterRegistry metrics;
    private final AuditTrail audit;

    KeyValidator(ProviderClient providers, MeterRegistry metrics, AuditTrail audit) {
        this.providers = providers;
        this.metrics = metrics;
        this.audit = audit;
    }

    /**
     * The live test: empty when the provider accepted the key; its refusal (422 {@code key_rejected})
     * is audited in a transaction of its own and returned, for saving to throw and a check to record;
     * an open answer (503) is thrown. {@code occasion} prefixes the audit detail (null: none).
     */
    public Optional<ProblemException> rejection(String accountId, Provider provider, ApiKey key, String occasion) {
        try {
            validate(provider, key);
            return Optional.empty();
        } catch (ProblemException e) {
            if (e.status() != 422) {
                throw e;
            }
            audit.recordAttempt(accountId, AuditAction.KEY_REJECTED, provider,
                    (occasion == null ? "" : occasion + "; ") + "reason=" + e.extensions().get("reason"));
            return Optional.of(e);
        }
    }

    /** Returns normally when the provider accepted the key. */
    private void validate(Provider provider, ApiKey key) {
        KeyCheck check;
        try {
            check = providers.validateKey(provider, key.reveal());
        } catch (RuntimeException e) {
            // Not expected from the client; only the type is logged, its message is not ours to trust.
            Log.errorf("Validating a %s key failed unexpectedly (%s)", provider.id(), e.getClass().getName());
            count(provider, "error");
            throw ByokProblems.providerUnavailable(provider, "error", "The key could not be checked with the provider. Try again later.");
        }
        if (check instanceof KeyCheck.Valid) {
            count(provider, "valid");
            return;
        }
        if (check instanceof KeyCheck.Rejected) {
            KeyCheck.Rejected rejected = (KeyCheck.Rejected) check;
            String reason = rejected.reason().name().toLowerCase(Locale.ROOT);
            Log.infof("A %s key was refused by the provider (%s)", provider.id(), reason);
            count(provider, "rejected");
            throw ByokProblems.keyRejected(provider, reason, rejected.message());
        }
        KeyCheck.Unavailable unavailable = (KeyCheck.Unavailable) check;
        Log.warnf("Could not validate a %s key: %s", provider.id(), unavailable.reason());
        count(provider, "unavailable");
        throw ByokProblems.providerUnavailable(provider, unavailable.reason(), unavailable.message() + " The key was not saved; try again later.");
    }

    private void count(Provider provider, String outcome) {
        metrics.counter("sprintrr.keys.validations", "provider", provider.id(), "outcome", outcome).increment();
    }
}
