package com.sprintrr.keys.settings;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.sprintrr.keys.audit.AuditAction;
import com.sprintrr.keys.audit.AuditTrail;
import com.sprintrr.keys.changes.StateChanges;
import com.sprintrr.keys.changes.StateChanges.Outcome;
import com.sprintrr.keys.persistence.KeyRepository;
import com.sprintrr.keys.persistence.SettingsRepository;
import com.sprintrr.keys.persistence.SettingsRow;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.keys.saving.KeyChanges;
import com.sprintrr.keys.saving.KeySummary;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.providers.Provider;

/** An account's BYOK switch and active provider, and the view of everything it has stored. */
@ApplicationScoped
public class SettingsService {

    private final SettingsRepository settings;
    private final KeyRepository keys;
    private final KeyChanges changes;
    private final AuditTrail audit;
    private final StateChanges stateChanges;

    SettingsService(SettingsRepository settings, KeyRepository keys, KeyChanges changes, AuditTrail audit,
            StateChanges stateChanges) {
        this.settings = settings;
        this.keys = keys;
        this.changes = changes;
        this.audit = audit;
        this.stateChanges = stateChanges;
    }

    public ByokView view(String accountId) {
        SettingsRow current = settings.find(accountId);
        List<KeySummary> summaries = keys.findAll(accountId).stream().map(changes::summary).toList();
        return new ByokView(current.enabled(), id(current.activeProvider()), summaries);
    }

    /**
     * Replaces the settings. Enabling needs an active provider, and making a provider active needs
     * a stored key for it (409 {@code no_key_for_provider}); turning BYOK off keeps every key. Settings
     * equal to the current ones change nothing (no audit record, no new state version).
     */
    public SettingsView update(String accountId, boolean enabled, Provider active) {
        if (enabled && active == null) {
            throw Problems.invalidRequest("BYOK can only be enabled with an activeProvider.");
        }
        SettingsView answer = new SettingsView(enabled, id(active));
        return stateChanges.apply(accountId, current -> {
            if (active != null && !keys.exists(accountId, active)) {
                throw ByokProblems.noKeyFor(active);
            }
            SettingsRow next = new SettingsRow(enabled, active);
            if (next.equals(current)) {
                return Outcome.unchanged(answer);
            }
            settings.save(accountId, next);
            audit.record(accountId, accountId, AuditAction.SETTINGS_CHANGED, active,
                    "enabled=" + enabled + " active_provider=" + id(active));
            return Outcome.changed(answer);
        });
    }

    static String id(Provider provider) {
        return provider == null ? null : provider.id();
    }
}
