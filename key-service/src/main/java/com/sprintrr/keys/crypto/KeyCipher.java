package com.sprintrr.keys.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

import com.sprintrr.providers.ApiKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.sprintrr.keys.config.CryptoConfig;
import com.sprintrr.providers.Provider;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;

/**
 * AES-256-GCM for stored keys. Layout of a blob: 12-byte random nonce ‖ ciphertext ‖ 16-byte tag;
 * the master key id is stored beside it; the AAD is UTF-8 {@code accountId + "/" + provider}, so
 * a blob copied to another account's or provider's row does not decrypt.
 */
@Startup
@Singleton
public class KeyCipher {

    public static final String TRANSFORMATION = "AES/GCM/NoPadding";
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;

    private final MasterKeys masterKeys;
    private final SecureRandom random = new SecureRandom();

    @Inject
    KeyCipher(CryptoConfig config) {
        this(MasterKeys.parse(config.keys(), config.primaryKeyId()), LaunchMode.current(), CommittedMasterKeys.load());
    }

    KeyCipher(MasterKeys masterKeys, LaunchMode mode) {
        this(masterKeys, mode, CommittedMasterKeys.load());
    }

    KeyCipher(MasterKeys masterKeys, LaunchMode mode, CommittedMasterKeys committed) {
        this.masterKeys = masterKeys;
        if (mode == LaunchMode.NORMAL) {
            // By id ("-insecure") and by fingerprint: a committed key is public whatever id it is given.
            Set<String> refused = new java.util.TreeSet<>(masterKeys.insecureIds());
            refused.addAll(masterKeys.committedIds(committed));
            if (!refused.isEmpty()) {
                throw new IllegalStateException("sprintrr.crypto.keys contains master key(s) " + refused
                        + " committed to the repository (see " + CommittedMasterKeys.RESOURCE
                        + "); production needs its own keys; refusing to start.");
            }
        }
    }

    void announce(@Observes StartupEvent event) {
        if (!masterKeys.insecureIds().isEmpty()) {
            Log.warnf("!!! INSECURE MASTER KEY IN USE: %s committed in application.properties for %s only. "
                    + "Keys encrypted with it are not protected; never store real keys with it. !!!",
                    masterKeys.insecureIds(), LaunchMode.current().getDefaultProfile());
        }
        Log.infof("Master keys loaded: %s, primary '%s'", masterKeys.ids(), masterKeys.primaryId());
    }

    /** Encrypts the key for this account and provider under the primary master key. */
    public Sealed seal(String accountId, Provider provider, ApiKey key) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plaintext = utf8(key.reveal());
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, masterKeys.primary(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(accountId, provider));
            byte[] blob = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            cipher.doFinal(plaintext, 0, plaintext.length, blob, NONCE_BYTES);
            return new Sealed(masterKeys.primaryId(), blob);
        } catch (GeneralSecurityException e) {
            // The JDK always has AES-GCM; this is a broken runtime, and the message names no key.
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Decrypts a stored key; fails when the master key is unknown or the blob is not this row's. */
    public ApiKey open(String accountId, Provider provider, Sealed sealed) {
        SecretKey master = masterKeys.byId(sealed.keyId()).orElseThrow(() -> new KeyUnreadableException(
                "The " + provider.id() + " key is encrypted with master key '" + sealed.keyId()
                        + "', which is not configured."));
        byte[] blob = sealed.blob();
        if (blob.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new KeyUnreadableException("The stored " + provider.id() + " key is too short to be a ciphertext.");
        }
        byte[] plaintext = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            cipher.updateAAD(aad(accountId, provider));
            plaintext = cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
            return ApiKey.of(UTF_8.newDecoder().decode(ByteBuffer.wrap(plaintext)).toString());
        } catch (AEADBadTagException e) {
            throw new KeyUnreadableException("The stored " + provider.id() + " key does not authenticate under master key '"
                    + sealed.keyId() + "' for its row (altered, or moved from another row).");
        } catch (CharacterCodingException e) {
            throw new KeyUnreadableException("The stored " + provider.id() + " key is not UTF-8 text.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getSimpleName());
        } finally {
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** Whether a blob made with this master key id is already under the primary key. */
    public boolean isPrimary(String keyId) {
        return masterKeys.primaryId().equals(keyId);
    }

    public String primaryKeyId() {
        return masterKeys.primaryId();
    }

    /** The ids whose blobs this service can still decrypt. */
    public Set<String> readableKeyIds() {
        return masterKeys.ids();
    }

    /** The associated data binding a blob to its row. */
    public static byte[] aad(String accountId, Provider provider) {
        return (accountId + "/" + provider.id()).getBytes(UTF_8);
    }

    private static byte[] utf8(String text) {
        ByteBuffer encoded = UTF_8.encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
