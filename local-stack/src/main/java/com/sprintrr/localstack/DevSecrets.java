package com.sprintrr.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

import com.sprintrr.testing.Jwts;

/**
 * The secrets of a local stack: made on first start and kept in its folder, so a restart can still
 * decrypt the keys it stored and accept the tokens it printed. Development only, never production.
 */
record DevSecrets(String internalToken, String cryptoKeys, String primaryKeyId, Path jwtPublicKey, PrivateKey jwtPrivateKey) {

    static DevSecrets loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        SecureRandom random = new SecureRandom();
        String token = readOrWrite(dir.resolve("internal-token"), () -> HexFormat.of().formatHex(bytes(random, 32)));
        String crypto = readOrWrite(dir.resolve("crypto-keys"),
                () -> "local1:" + Base64.getEncoder().encodeToString(bytes(random, 32)));
        Path publicPem = dir.resolve("jwt-public.pem");
        Path privateDer = dir.resolve("jwt-private.pk8");
        if (!Files.exists(publicPem) || !Files.exists(privateDer)) {
            KeyPair pair = Jwts.generate();
            Files.write(privateDer, pair.getPrivate().getEncoded());
            Files.writeString(publicPem, Jwts.pem(pair.getPublic()));
        }
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateDer)));
        } catch (Exception e) {
            throw new IOException("Unreadable local JWT key in " + dir + "; delete the folder to start afresh", e);
        }
        return new DevSecrets(token, crypto, crypto.substring(0, crypto.indexOf(':')), publicPem, privateKey);
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String readOrWrite(Path file, Supplier<String> maker) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String value = maker.get();
        Files.writeString(file, value, StandardCharsets.UTF_8);
        return value;
    }
}
