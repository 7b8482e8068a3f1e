package com.sprintrr.keys.health;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.crypto.KeyCipher;
import com.sprintrr.keys.crypto.KeyUnreadableException;
import com.sprintrr.keys.persistence.KeyHealthRepository.StoredKey;
import com.sprintrr.keys.persistence.KeyHealthRepository;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.keys.saving.KeyChanges;
import com.sprintrr.keys.saving.KeySummary;
import com.sprintrr.keys.validation.KeyValidator;
import com.sprintrr.keys.validation.ValidationRateLimiter;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.Provider;

import io.quarkus.logging.Log;

/**
 * {@code POST /v1/byok/keys/{provider}/check}: the stored key validated live again, under the same
 * rate limit as saving. The provider's verdict becomes the key's status (a refusal is not an error
 * of the check: the entry comes back with status rejected); an open answer (503) changes nothing.
 * The verdict applies only to the key version that was checked, so a key saved meanwhile keeps its own.
 */
@ApplicationScoped
public class KeyCheckService {

    private final KeyHealthRepository health;
    private final ValidationRateLimiter rateLimiter;
    private final KeyValidator validator;
    private final KeyCipher cipher;
    private final KeyChanges changes;

    KeyCheckService(KeyHealthRepository health, ValidationRateLimiter rateLimiter, KeyValidator validator,
            KeyCipher cipher, KeyChanges changes) {
        this.health = health;
        this.rateLimiter = rateLimiter;
        this.validator = validator;
        this.cipher = cipher;
        this.changes = changes;
    }

    public KeySummary check(String accountId, Provider provider) {
        StoredKey stored = health.findStored(accountId, provider).orElseThrow(() -> ByokProblems.keyNotFound(provider));
        rateLimiter.acquire(accountId);
        ApiKey key;
        try {
            key = cipher.open(accountId, provider, stored.sealed());
        } catch (KeyUnreadableException e) {
            Log.errorf("Cannot decrypt the %s key of account %s for a check: %s", provider.id(), accountId, e.getMessage());
            throw ByokProblems.keyUnreadable();
        }
        boolean accepted = validator.rejection(accountId, provider, key, "check").isEmpty();
        health.applyCheck(accountId, provider, stored.keyVersion(), accepted, accepted ? null : ByokProblems.KEY_REJECTED);
        Log.infof("Checked the %s key of account %s: %s", provider.id(), accountId, accepted ? "accepted" : "rejected");
        return changes.summary(health.find(accountId, provider).orElseThrow(() -> ByokProblems.keyNotFound(provider)));
    }
}
