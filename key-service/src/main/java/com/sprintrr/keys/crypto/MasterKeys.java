package com.sprintrr.keys.crypto;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The configured AES-256 master keys by id and the primary one. Parsing never puts key material
 * into a message: a broken entry is named by its position or its id, never by its value.
 */
public final class MasterKeys {

    /** Ids end with this suffix when the key is committed in the repository (dev and test only). */
    public static final String INSECURE_SUFFIX = "-insecure";

    static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String KEYS_NAME = "sprintrr.crypto.keys (SPRINTRR_CRYPTO_KEYS)";
    private static final String PRIMARY_NAME = "sprintrr.crypto.primary-key-id (SPRINTRR_CRYPTO_PRIMARY_KEY_ID)";

    private final Map<String, SecretKey> keys;
    private final String primaryId;

    private MasterKeys(Map<String, SecretKey> keys, String primaryId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.primaryId = primaryId;
    }

    /**
     * Reads {@code id:base64,id:base64} and the primary id.
     *
     * @throws IllegalStateException with an operator-facing message that contains no key material
     */
    public static MasterKeys parse(Optional<String> keyList, Optional<String> primaryKeyId) {
        String list = keyList.map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalStateException(KEYS_NAME + " is not set. key-service needs at least one "
                        + "AES-256 master key as id:base64(32 random bytes), e.g. from Vault or a Kubernetes Secret; "
                        + "refusing to start."));
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String[] entries = list.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException(KEYS_NAME + ": entry #" + (i + 1) + " is not of the form "
                        + "id:base64(32 bytes); refusing to start.");
            }
            String id = entry.substring(0, colon).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalStateException(KEYS_NAME + ": entry #" + (i + 1) + " has an invalid id "
                        + "(letters, digits, '_', '.', '-'; at most 64); refusing to start.");
            }
            byte[] material = decode(entry.substring(colon + 1).strip(), id);
            if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalStateException(KEYS_NAME + ": master key id '" + id + "' appears twice; refusing to start.");
            }
            java.util.Arrays.fill(material, (byte) 0);
        }
        String primary = primaryKeyId.map(String::strip).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalStateException(PRIMARY_NAME + " is not set: name the master key new "
                        + "ciphertexts are written with; refusing to start."));
        if (!keys.containsKey(primary)) {
            throw new IllegalStateException(PRIMARY_NAME + " names '" + primary + "', which is not among the ids in "
                    + KEYS_NAME + " " + keys.keySet() + "; refusing to start.");
        }
        return new MasterKeys(keys, primary);
    }

    private static byte[] decode(String base64, String id) {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(KEYS_NAME + ": the key of id '" + id + "' is not valid base64; "
                    + "refusing to start.");
        }
        if (material.length != KEY_BYTES) {
            java.util.Arrays.fill(material, (byte) 0);
            throw new IllegalStateException(KEYS_NAME + ": the key of id '" + id + "' is " + material.length
                    + " bytes, not " + KEY_BYTES + " (base64 of 32 random bytes, e.g. `openssl rand -base64 32`); "
                    + "refusing to start.");
        }
        return material;
    }

    public String primaryId() {
        return primaryId;
    }

    SecretKey primary() {
        return keys.get(primaryId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Every configured id, the primary included. */
    public Set<String> ids() {
        return keys.keySet();
    }

    /** Ids whose key material is in the committed list, whatever the id says; never acceptable in production. */
    public Set<String> committedIds(CommittedMasterKeys committed) {
        Set<String> found = new java.util.TreeSet<>();
        keys.forEach((id, key) -> {
            byte[] material = key.getEncoded();
            if (committed.contains(CommittedMasterKeys.fingerprint(material))) {
                found.add(id);
            }
            java.util.Arrays.fill(material, (byte) 0);
        });
        return found;
    }

    /** Ids of keys committed to the repository for dev and test; never acceptable in production. */
    public Set<String> insecureIds() {
        Set<String> insecure = new java.util.TreeSet<>();
        for (String id : keys.keySet()) {
            if (id.endsWith(INSECURE_SUFFIX)) {
                insecure.add(id);
            }
        }
        return insecure;
    }

    @Override
    public String toString() {
        return "MasterKeys[ids=" + keys.keySet() + ", primary=" + primaryId + "]";
    }
}
