package com.sprintrr.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.sprintrr.testing.Jwts;

/** {@code bin/dev-token ACCOUNT}: prints a 12-hour token for any account, signed with the local stack's development key. */
public final class DevToken {

    private DevToken() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: bin/dev-token ACCOUNT_ID");
            System.exit(2);
        }
        Path secrets = Path.of(System.getenv().getOrDefault("SPRINTRR_LOCAL_DIR", ".local-stack")).resolve("secrets");
        if (!Files.exists(secrets)) {
            System.err.println("No local stack secrets in " + secrets.toAbsolutePath() + ": run bin/run-local first.");
            System.exit(1);
        }
        DevSecrets keys = DevSecrets.loadOrCreate(secrets);
        System.out.println(Jwts.token(args[0], LocalStack.ISSUER, keys.jwtPrivateKey(), Duration.ofHours(12)));
    }
}
