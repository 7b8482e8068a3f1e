package com.sprintrr.keys.settings;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.sprintrr.keys.audit.AuditAction;
import com.sprintrr.keys.audit.AuditTrail;
import com.sprintrr.keys.crypto.ApiKey;
import com.sprintrr.keys.crypto.KeyCipher;
import com.sprintrr.keys.crypto.KeyUnreadableException;
import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.keys.persistence.KeyRepository;
import com.sprintrr.keys.persistence.SealedRow;

import io.quarkus.logging.Log;

/**
 * Moves stored keys to the primary master key, one batch per transaction. Idempotent (rows already
 * under the primary key are never selected) and safe on several replicas at once (rows are locked
 * with FOR UPDATE SKIP LOCKED, so no row is done twice and nobody waits).
 */
@ApplicationScoped
public class KeyRotation {

    public static final int MAX_BATCH = 1000;

    @Inject
    KeyRepository keys;

    @Inject
    KeyCipher cipher;

    @Inject
    AuditTrail audit;

    @Transactional
    public ReencryptionResult reencryptBatch(int batchSize) {
        String primary = cipher.primaryKeyId();
        Set<String> older = new TreeSet<>(cipher.readableKeyIds());
        older.remove(primary);
        int done = 0;
        if (!older.isEmpty()) {
            List<SealedRow> rows = keys.lockNotUnder(primary, older, batchSize);
            for (SealedRow row : rows) {
                if (reencrypt(row)) {
                    done++;
                }
            }
        }
        long remaining = keys.countNotUnder(primary);
        if (done > 0 || remaining > 0) {
            Log.infof("Re-encrypted %d stored keys to master key '%s'; %d remain under other keys", done, primary, remaining);
        }
        return new ReencryptionResult(done, remaining);
    }

    private boolean reencrypt(SealedRow row) {
        ApiKey key;
        try {
            key = cipher.open(row.accountId(), row.provider(), row.sealed());
        } catch (KeyUnreadableException e) {
            // Left in place (and counted as remaining) for an operator to look at; the batch goes on.
            Log.errorf("Cannot re-encrypt the %s key of account %s: %s", row.provider().id(), row.accountId(), e.getMessage());
            return false;
        }
        Sealed sealed = cipher.seal(row.accountId(), row.provider(), key);
        keys.replaceCiphertext(row.accountId(), row.provider(), sealed);
        audit.record(row.accountId(), AuditTrail.SYSTEM, AuditAction.KEY_REENCRYPTED, row.provider(),
                "master_key=" + row.sealed().keyId() + "->" + sealed.keyId());
        return true;
    }
}
