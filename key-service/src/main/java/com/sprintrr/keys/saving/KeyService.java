package com.sprintrr.keys.saving;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.catalog.Catalog;
import com.sprintrr.keys.crypto.KeyCipher;
import com.sprintrr.keys.crypto.KeyHint;
import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.keys.validation.KeyInput;
import com.sprintrr.keys.validation.KeyValidator;
import com.sprintrr.keys.validation.ValidationRateLimiter;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.Provider;

import io.quarkus.logging.Log;

/**
 * Saving and changing keys. Saving runs its checks cheapest first (input, model, rate limit), then
 * the live provider call outside any transaction (it may take seconds), and stores only a key the
 * provider accepted; on every failure nothing is written and an earlier key stays.
 */
@ApplicationScoped
public class KeyService {

    private final Catalog catalog;
    private final ValidationRateLimiter rateLimiter;
    private final KeyValidator validator;
    private final KeyCipher cipher;
    private final KeyChanges changes;

    KeyService(Catalog catalog, ValidationRateLimiter rateLimiter, KeyValidator validator, KeyCipher cipher,
            KeyChanges changes) {
        this.catalog = catalog;
        this.rateLimiter = rateLimiter;
        this.validator = validator;
        this.cipher = cipher;
        this.changes = changes;
    }

    public KeySummary save(String accountId, Provider provider, String rawKey, String requestedModel) {
        ApiKey key = KeyInput.parse(rawKey);
        String model = catalog.choose(provider, requestedModel);
        rateLimiter.acquire(accountId);
        validator.rejection(accountId, provider, key, null).ifPresent(refusal -> {
            throw refusal;
        });
        Sealed sealed = cipher.seal(accountId, provider, key);
        KeySummary stored = changes.store(accountId, provider, sealed, KeyHint.of(key), model);
        Log.infof("Stored a validated %s key for account %s", provider.id(), accountId);
        return stored;
    }

    /** A new model for a stored key (null = the default); no new validation is needed. */
    public KeySummary changeModel(String accountId, Provider provider, String requestedModel) {
        return changes.changeModel(accountId, provider, catalog.choose(provider, requestedModel));
    }

    public void delete(String accountId, Provider provider) {
        changes.delete(accountId, provider);
        Log.infof("Deleted the %s key of account %s", provider.id(), accountId);
    }
}
