package com.sprintrr.keys.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Fingerprints (SHA-256 of the key bytes) of every master key committed to the repository, read from
 * {@code committed-master-keys.sha256}. Such a key is public whatever its id says, so production
 * refuses it; a test keeps the list complete by scanning the repository.
 */
public final class CommittedMasterKeys {

    public static final String RESOURCE = "committed-master-keys.sha256";
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})(\\s.*)?");

    private final Set<String> fingerprints;

    CommittedMasterKeys(Set<String> fingerprints) {
        this.fingerprints = Set.copyOf(fingerprints);
    }

    /** The list shipped in the service's resources; a missing or broken list fails startup. */
    public static CommittedMasterKeys load() {
        try (InputStream in = CommittedMasterKeys.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath; refusing to start.");
            }
            Set<String> fingerprints = new TreeSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                var match = LINE.matcher(text);
                if (!match.matches()) {
                    throw new IllegalStateException(RESOURCE + " has a line that is not a SHA-256 hex fingerprint.");
                }
                fingerprints.add(match.group(1));
            }
            return new CommittedMasterKeys(fingerprints);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " cannot be read; refusing to start.", e);
        }
    }

    public boolean contains(String fingerprint) {
        return fingerprints.contains(fingerprint);
    }

    public Set<String> fingerprints() {
        return fingerprints;
    }

    /** SHA-256 of the key bytes, lower-case hex: identifies a key without revealing it. */
    public static String fingerprint(byte[] keyBytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyBytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
