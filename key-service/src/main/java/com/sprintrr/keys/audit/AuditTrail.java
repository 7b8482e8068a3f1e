package com.sprintrr.keys.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.sprintrr.platform.db.Sql;
import com.sprintrr.providers.Provider;

/**
 * The append-only trail of key and settings changes in {@code key_audit}: who (the account, or
 * the system for rotation), what, when. It never holds a key, a hint or a ciphertext; the detail
 * is a short text we compose from non-secret values (model, master key id, settings).
 */
@ApplicationScoped
public class AuditTrail {

    /** The actor of changes made by the service itself (re-encryption). */
    public static final String SYSTEM = "system";

    private final Sql sql;

    AuditTrail(Sql sql) {
        this.sql = sql;
    }

    /** Records a change in the caller's transaction, so the trail and the change commit together. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String accountId, String actor, AuditAction action, Provider provider, String detail) {
        insert(accountId, actor, action, provider, detail);
    }

    /** Records an event that changed nothing (a refused key) in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAttempt(String accountId, AuditAction action, Provider provider, String detail) {
        insert(accountId, accountId, action, provider, detail);
    }

    private void insert(String accountId, String actor, AuditAction action, Provider provider, String detail) {
        sql.update("write the audit trail",
                "INSERT INTO key_audit (account_id, actor, action, provider, detail) VALUES (?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, accountId);
                    ps.setString(2, actor);
                    ps.setString(3, action.id());
                    ps.setString(4, provider == null ? null : provider.id());
                    ps.setString(5, detail);
                });
    }
}
