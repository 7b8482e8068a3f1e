package com.sprintrr.keys.audit;

/** What happened to an account's keys or settings; stored as the lowercase name. */
public enum AuditAction {
    KEY_SAVED,
    KEY_REPLACED,
    KEY_REJECTED,
    MODEL_CHANGED,
    KEY_DELETED,
    SETTINGS_CHANGED,
    KEY_REENCRYPTED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
