package com.sprintrr.keys.crypto;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@code committed-master-keys.sha256} complete: every base64 of 32 bytes in the repository's
 * tracked files (a master key has that form, {@code id:base64}) must be listed, so a key committed
 * tomorrow is refused by production the day it is committed. Only fingerprints are printed.
 */
class CommittedMasterKeysTest {

    // 43 base64 characters and '=' make 32 bytes; the lookarounds keep it from matching inside longer base64.
    private static final Pattern BASE64_32 = Pattern.compile("(?<![A-Za-z0-9+/=])([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])");

    @Test
    void everyKeyCommittedToTheRepositoryIsListed() throws Exception {
        CommittedMasterKeys listed = CommittedMasterKeys.load();
        List<String> unlisted = new ArrayList<>();
        int found = 0;
        for (Path file : trackedFiles()) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (IOException unreadable) {
                continue;
            }
            Matcher match = BASE64_32.matcher(text);
            while (match.find()) {
                byte[] key = Base64.getDecoder().decode(match.group(1));
                if (key.length != 32) {
                    continue;
                }
                found++;
                String fingerprint = CommittedMasterKeys.fingerprint(key);
                if (!listed.contains(fingerprint)) {
                    unlisted.add(repository().relativize(file) + ": a 32-byte base64 value with SHA-256 " + fingerprint);
                }
            }
        }

        assertThat("the scan sees the keys committed for dev and test", found, greaterThan(2));
        assertThat("add these fingerprints to key-service/src/main/resources/" + CommittedMasterKeys.RESOURCE,
                unlisted, is(empty()));
    }

    @Test
    void aKeyIsFoundWithOrWithoutAnId() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(BASE64_32.matcher("SPRINTRR_CRYPTO_KEYS=k1:" + key).find(), is(true));
        assertThat(BASE64_32.matcher("\"" + key + "\"").find(), is(true));
        // A sha512 integrity value is longer base64, not a key.
        assertThat(BASE64_32.matcher("sha512-" + key.replace("=", "") + key).find(), is(false));
    }

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("The repository root (with mvnw) is not above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** {@code git ls-files} when git is there; otherwise every file outside build output and .git. */
    private static List<Path> trackedFiles() throws Exception {
        Path root = repository();
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
                List<Path> files = new ArrayList<>();
                for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                    if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
                        files.add(root.resolve(name));
                    }
                }
                return files;
            }
        } catch (IOException noGit) {
            // Fall through to walking the tree.
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of("/.git/", "/target/", "/node_modules/").noneMatch(p.toString()::contains))
                    .toList();
        }
    }
}
