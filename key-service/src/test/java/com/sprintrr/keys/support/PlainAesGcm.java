package com.sprintrr.keys.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The documented storage format, implemented independently of the service with the JDK's Cipher:
 * 12-byte nonce ‖ ciphertext ‖ 16-byte tag, AAD = UTF-8 accountId + "/" + provider.
 */
public final class PlainAesGcm {

    private PlainAesGcm() {
    }

    /** The master key with this id from the test profile's {@code sprintrr.crypto.keys}. */
    public static byte[] masterKey(String id) {
        String keys = ConfigProvider.getConfig().getValue("sprintrr.crypto.keys", String.class);
        for (String entry : keys.split(",")) {
            String[] parts = entry.strip().split(":", 2);
            if (parts[0].equals(id)) {
                return Base64.getDecoder().decode(parts[1]);
            }
        }
        throw new IllegalArgumentException("no master key " + id);
    }

    public static String decrypt(byte[] masterKey, byte[] blob, String aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(masterKey, "AES"),
                new GCMParameterSpec(128, Arrays.copyOfRange(blob, 0, 12)));
        cipher.updateAAD(aad.getBytes(UTF_8));
        return new String(cipher.doFinal(blob, 12, blob.length - 12), UTF_8);
    }

    public static byte[] encrypt(byte[] masterKey, String plaintext, String aad) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad.getBytes(UTF_8));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(UTF_8));
        byte[] blob = Arrays.copyOf(nonce, 12 + sealed.length);
        System.arraycopy(sealed, 0, blob, 12, sealed.length);
        return blob;
    }
}
