package com.sprintrr.keys.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.credential.CredentialService;
import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Speed of the BYOK credential lookup (what generation-service's credential call runs: one indexed
 * read through the pooled datasource, then AES-GCM decryption) against the test's real PostgreSQL.
 * Prints ops/s and p50/p99; asserts nothing about speed. Not run by {@code verify} (the name does
 * not end in Test): {@code ./mvnw -B -o -pl key-service -am verify -Dtest=CredentialLookupBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.lookups=20000}; the figures are in
 * {@code target/surefire-reports/*CredentialLookupBenchmark-output.txt}.
 */
@QuarkusTest
class CredentialLookupBenchmark {

    ProviderFake fake;

    @Inject
    CredentialService credentials;

    @Test
    void credentialLookup() {
        int lookups = Integer.getInteger("bench.lookups", 20_000);
        int warmUp = Integer.getInteger("bench.warmUp", 5_000);
        String account = TestKeys.account();
        String key = TestKeys.key(Provider.OPENAI);
        fake.acceptKey(Provider.OPENAI, key);
        Api.saveKey(account, Provider.OPENAI, key).statusCode(200);
        Api.settings(account, true, Provider.OPENAI).statusCode(200);

        for (int i = 0; i < warmUp; i++) {
            credentials.credential(account);
        }
        long[] nanos = new long[lookups];
        long start = System.nanoTime();
        int checksum = 0;
        for (int i = 0; i < lookups; i++) {
            long t0 = System.nanoTime();
            checksum += credentials.credential(account).model().length();
            nanos[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.println(String.format(Locale.ROOT,
                "BENCH credential lookup: %d lookups in %.2f s = %.0f ops/s, p50 %.1f us, p99 %.1f us, max %.1f us",
                lookups, seconds, lookups / seconds, nanos[lookups / 2] / 1e3, nanos[(int) (lookups * 0.99)] / 1e3,
                nanos[lookups - 1] / 1e3));
        assertTrue(checksum > 0, "every lookup returned a credential");
    }
}
