package com.sprintrr.keys.audit;

import java.util.Locale;
import java.util.Optional;

/** What happened to an account's keys or settings; stored as its id, the lowercase name. */
public enum AuditAction {
    KEY_SAVED,
    KEY_REPLACED,
    KEY_REJECTED,
    MODEL_CHANGED,
    KEY_DELETED,
    SETTINGS_CHANGED,
    KEY_REENCRYPTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action with this id (exact lowercase), empty for anything else, as {@code Provider.fromId}. */
    public static Optional<AuditAction> fromId(String id) {
        for (AuditAction action : values()) {
            if (action.id().equals(id)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
