package com.sprintrr.keys.rotation;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.sprintrr.keys.audit.AuditAction;
import com.sprintrr.keys.audit.AuditTrail;
import com.sprintrr.keys.crypto.KeyCipher;
import com.sprintrr.keys.crypto.KeyUnreadableException;
import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.keys.persistence.KeyRepository;
import com.sprintrr.keys.persistence.SealedRow;
import com.sprintrr.providers.ApiKey;

import io.quarkus.logging.Log;

/**
 * Moves stored keys to the primary master key, one batch per transaction. Idempotent (rows already
 * under the primary key are never selected) and safe on several replicas at once (rows are locked
 * with FOR UPDATE SKIP LOCKED, so no row is done twice and nobody waits). A row that does not
 * authenticate is marked and skipped by later batches, and reported with every result.
 */
@ApplicationScoped
public class KeyRotation {

    public static final int MAX_BATCH = 1000;

    private final KeyRepository keys;
    private final KeyCipher cipher;
    private final AuditTrail audit;

    KeyRotation(KeyRepository keys, KeyCipher cipher, AuditTrail audit) {
        this.keys = keys;
        this.cipher = cipher;
        this.audit = audit;
    }

    @Transactional
    public ReencryptionResult reencryptBatch(int batchSize) {
        String primary = cipher.primaryKeyId();
        Set<String> readable = new TreeSet<>(cipher.readableKeyIds());
        Set<String> older = new TreeSet<>(readable);
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
        // Counted after the moves and marks of this batch, in its transaction: what the next batch would find.
        KeyRepository.Backlog backlog = keys.countNotUnder(primary, readable);
        List<ReencryptionResult.UnreadableKey> unreadable = backlog.unreadable() == 0 ? List.of()
                : keys.findUnreadable(primary, readable, ReencryptionResult.MAX_LISTED).stream()
                        .map(row -> new ReencryptionResult.UnreadableKey(row.accountId(), row.provider().id(), row.keyId(),
                                row.keyConfigured() ? "authentication_failed" : "master_key_missing"))
                        .toList();
        if (done > 0 || backlog.movable() > 0 || backlog.unreadable() > 0) {
            Log.infof("Re-encrypted %d stored keys to master key '%s'; %d remain to move, %d cannot be moved "
                    + "(unreadable or under a master key that is not configured)", done, primary, backlog.movable(),
                    backlog.unreadable());
        }
        return new ReencryptionResult(done, backlog.movable(), backlog.unreadable(), unreadable);
    }

    private boolean reencrypt(SealedRow row) {
        ApiKey key;
        try {
            key = cipher.open(row.accountId(), row.provider(), row.sealed());
        } catch (KeyUnreadableException e) {
            // Marked and left in place for an operator (reported as unreadable, never selected again until the
            // key is saved anew), so rows that fail cannot fill every batch and stall re-encryption for ever.
            Log.errorf("Cannot re-encrypt the %s key of account %s under master key '%s' (skipped from now on): %s",
                    row.provider().id(), row.accountId(), row.sealed().keyId(), e.getMessage());
            keys.markUnreadable(row.accountId(), row.provider());
            return false;
        }
        Sealed sealed = cipher.seal(row.accountId(), row.provider(), key);
        keys.replaceCiphertext(row.accountId(), row.provider(), sealed);
        audit.record(row.accountId(), AuditTrail.SYSTEM, AuditAction.KEY_REENCRYPTED, row.provider(),
                "master_key=" + row.sealed().keyId() + "->" + sealed.keyId());
        return true;
    }
}
