package com.sprintrr.keys.saving;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.audit.AuditAction;
import com.sprintrr.keys.audit.AuditTrail;
import com.sprintrr.keys.catalog.Catalog;
import com.sprintrr.keys.changes.StateChanges;
import com.sprintrr.keys.changes.StateChanges.Outcome;
import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.keys.persistence.KeyRepository;
import com.sprintrr.keys.persistence.KeyRow;
import com.sprintrr.keys.persistence.SettingsRepository;
import com.sprintrr.keys.persistence.SettingsRow;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.providers.Provider;

/**
 * The writes to an account's keys. Each runs through {@link StateChanges}: under the account's lock
 * (so saving, deleting and switching settings of one account never interleave), in one transaction
 * with its audit record, counted in the account's state version and announced on byok-changes.
 */
@ApplicationScoped
public class KeyChanges {

    private final KeyRepository keys;
    private final SettingsRepository settings;
    private final AuditTrail audit;
    private final Catalog catalog;
    private final StateChanges changes;

    KeyChanges(KeyRepository keys, SettingsRepository settings, AuditTrail audit, Catalog catalog, StateChanges changes) {
        this.keys = keys;
        this.settings = settings;
        this.audit = audit;
        this.catalog = catalog;
        this.changes = changes;
    }

    /** Stores a validated, encrypted key, replacing the account's earlier key for this provider. */
    public KeySummary store(String accountId, Provider provider, Sealed sealed, String hint, String model) {
        return changes.apply(accountId, locked -> {
            KeyRepository.Upserted stored = keys.upsert(accountId, provider, sealed, hint, model);
            audit.record(accountId, accountId, stored.replaced() ? AuditAction.KEY_REPLACED : AuditAction.KEY_SAVED,
                    provider, "model=" + model + " master_key=" + sealed.keyId());
            return Outcome.changed(summary(stored.row()));
        });
    }

    /** Changes the model of a stored key; 404 {@code key_not_found} without one. */
    public KeySummary changeModel(String accountId, Provider provider, String model) {
        return changes.apply(accountId, locked -> {
            KeyRow row = keys.updateModel(accountId, provider, model).orElseThrow(() -> ByokProblems.keyNotFound(provider));
            audit.record(accountId, accountId, AuditAction.MODEL_CHANGED, provider, "model=" + model);
            return Outcome.changed(summary(row));
        });
    }

    /** Deletes a stored key; when it was the active provider's, BYOK goes off and no provider is active. */
    public void delete(String accountId, Provider provider) {
        changes.apply(accountId, current -> {
            boolean wasActive = current.activeProvider() == provider;
            if (wasActive) {
                // Before the delete: the settings row references the key (foreign key).
                settings.save(accountId, SettingsRow.NONE);
            }
            if (!keys.delete(accountId, provider)) {
                throw ByokProblems.keyNotFound(provider);
            }
            audit.record(accountId, accountId, AuditAction.KEY_DELETED, provider,
                    wasActive ? "was the active provider; byok turned off" : null);
            return Outcome.<Void>changed(null);
        });
    }

    public KeySummary summary(KeyRow row) {
        return new KeySummary(row.provider().id(), row.hint(), catalog.effective(row.provider(), row.model()),
                row.validatedAt(), row.updatedAt(), row.status(), row.lastUsedAt(), row.lastFailureAt(),
                row.lastFailureCode());
    }
}
