package com.sprintrr.keys.credential;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.catalog.Catalog;
import com.sprintrr.keys.crypto.KeyCipher;
import com.sprintrr.keys.crypto.KeyUnreadableException;
import com.sprintrr.keys.persistence.ActiveKeyRow;
import com.sprintrr.keys.persistence.SettingsRepository;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.ProviderTarget;

import io.quarkus.logging.Log;

/**
 * What generation-service asks for on every generation: the routing state, and the decrypted key
 * of the active provider. One indexed read each, no transaction, decryption in microseconds.
 */
@ApplicationScoped
public class CredentialService {

    private final SettingsRepository settings;
    private final KeyCipher cipher;
    private final Catalog catalog;

    CredentialService(SettingsRepository settings, KeyCipher cipher, Catalog catalog) {
        this.settings = settings;
        this.cipher = cipher;
        this.catalog = catalog;
    }

    /** The account's BYOK state; an account without any row is simply off (state version 0). */
    public ByokState state(String accountId) {
        return settings.findActive(accountId).map(row -> new ByokState(row.enabled(),
                row.activeProvider() == null ? null : row.activeProvider().id(),
                row.activeProvider() == null ? null : catalog.effective(row.activeProvider(), row.model()),
                row.stateVersion()))
                .orElse(ByokState.NONE);
    }

    /**
     * The active provider's key; 409 {@code byok_disabled} when BYOK is off or nothing is active. Both
     * carry the state version read with the state, which a cache needs for either answer.
     */
    public Credential credential(String accountId) {
        // No row: the account never changed anything, version 0.
        ActiveKeyRow row = settings.findActive(accountId).orElseThrow(() -> ByokProblems.byokDisabled(0));
        if (!row.enabled() || row.activeProvider() == null || row.sealed() == null) {
            throw ByokProblems.byokDisabled(row.stateVersion());
        }
        ApiKey key;
        try {
            key = cipher.open(accountId, row.activeProvider(), row.sealed());
        } catch (KeyUnreadableException e) {
            Log.errorf("Cannot decrypt the active key of account %s: %s", accountId, e.getMessage());
            throw ByokProblems.keyUnreadable();
        }
        return new Credential(new ProviderTarget(row.activeProvider(), catalog.effective(row.activeProvider(), row.model()),
                key), row.keyVersion(), row.stateVersion());
    }
}
