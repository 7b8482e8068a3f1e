package com.sprintrr.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.crypto.KeyCipher;
import com.sprintrr.keys.persistence.KeyRepository;
import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.Provider;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Rows written under an older master key (here: the test profile's test-old-insecure) keep
 * resolving, and re-encryption moves them to the primary key in idempotent batches.
 */
@QuarkusTest
class KeyRotationTest {

    static final String OLD = "test-old-insecure";
    static final String PRIMARY = "test-insecure";

    @Inject
    StoredRows rows;

    @Inject
    KeyRepository keyRepository;

    @Inject
    KeyCipher cipher;

    @Test
    void rowsUnderAnOlderMasterKeyAreReencryptedToThePrimaryAndStillResolve() throws Exception {
        List<String> accounts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String account = TestKeys.account();
            String key = TestKeys.key(Provider.ANTHROPIC);
            rows.insertKey(account, Provider.ANTHROPIC,
                    PlainAesGcm.encrypt(PlainAesGcm.masterKey(OLD), key, account + "/anthropic"), OLD, "claude-haiku-4-5");
            rows.enable(account, Provider.ANTHROPIC);
            accounts.add(account);
            keys.add(key);
        }
        // Old master keys keep decrypting before any re-encryption.
        Api.credential(accounts.get(0)).statusCode(200).body("apiKey", is(keys.get(0)));

        int moved = 0;
        int calls = 0;
        int remaining;
        do {
            var result = Api.reencrypt(2).statusCode(200).extract().jsonPath();
            moved += result.getInt("reencrypted");
            remaining = result.getInt("remaining");
            calls++;
        } while (remaining > 0 && calls < 20);

        assertThat(remaining, is(0));
        assertThat(moved >= 3, is(true));
        for (int i = 0; i < accounts.size(); i++) {
            StoredRows.Ciphertext stored = rows.ciphertext(accounts.get(i), Provider.ANTHROPIC).orElseThrow();
            assertThat(stored.keyId(), is(PRIMARY));
            assertThat(PlainAesGcm.decrypt(PlainAesGcm.masterKey(PRIMARY), stored.blob(),
                    accounts.get(i) + "/anthropic"), is(keys.get(i)));
            Api.credential(accounts.get(i)).statusCode(200)
                    .body("apiKey", is(keys.get(i))).body("model", is("claude-haiku-4-5"));
            assertThat(rows.auditActions(accounts.get(i)), hasItem("key_reencrypted:anthropic"));
        }
    }

    @Test
    void rowsThatDoNotAuthenticateAreSkippedAndReportedSoReencryptionFinishes() throws Exception {
        // Named to sort first, so that under the old code they filled every batch of two.
        List<String> tampered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String account = "0-unreadable-" + UUID.randomUUID();
            String key = TestKeys.key(Provider.OPENAI);
            // Sealed for another row (wrong AAD): does not authenticate where it is.
            byte[] blob = PlainAesGcm.encrypt(PlainAesGcm.masterKey(OLD), key, "someone-else/openai");
            rows.insertKey(account, Provider.OPENAI, blob, OLD, "gpt-4o");
            tampered.add(account);
        }
        String orphan = "0-orphan-" + UUID.randomUUID();
        rows.insertKey(orphan, Provider.GEMINI, new byte[64], "retired-key", "gemini-2.5-flash");
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String account = TestKeys.account();
            rows.insertKey(account, Provider.OPENAI,
                    PlainAesGcm.encrypt(PlainAesGcm.masterKey(OLD), TestKeys.key(Provider.OPENAI), account + "/openai"),
                    OLD, "gpt-4o");
            good.add(account);
        }
        try {
            JsonPath result;
            int calls = 0;
            do {
                result = Api.reencrypt(2).statusCode(200).extract().jsonPath();
                calls++;
            } while (result.getLong("remaining") > 0 && calls < 20);

            assertThat(result.getLong("remaining"), is(0L));
            for (String account : good) {
                assertThat(rows.ciphertext(account, Provider.OPENAI).orElseThrow().keyId(), is(PRIMARY));
            }
            assertThat(result.getLong("unreadable") >= 4, is(true));
            List<Map<String, String>> listed = result.getList("unreadableKeys");
            for (String account : tampered) {
                assertThat(listed, hasItem(Map.of("accountId", account, "provider", "openai",
                        "masterKeyId", OLD, "reason", "authentication_failed")));
                assertThat(rows.ciphertext(account, Provider.OPENAI).orElseThrow().keyId(), is(OLD));
            }
            assertThat(listed, hasItem(Map.of("accountId", orphan, "provider", "gemini",
                    "masterKeyId", "retired-key", "reason", "master_key_missing")));
            // Nothing but ids: no ciphertext, no key material.
            assertThat(result.prettify(), not(containsString("ciphertext")));
            assertThat(result.getMap("unreadableKeys[0]").keySet(),
                    is(java.util.Set.of("accountId", "provider", "masterKeyId", "reason")));

            // Stable: another call moves nothing and reports the same.
            Api.reencrypt(2).statusCode(200).body("reencrypted", is(0)).body("remaining", is(0));

            // Saving the key again (an upsert under the primary key) clears the mark: no longer reported.
            String resaved = tampered.get(0);
            keyRepository.upsert(resaved, Provider.OPENAI,
                    cipher.seal(resaved, Provider.OPENAI, ApiKey.of(TestKeys.key(Provider.OPENAI))), "sk-…abcd", "gpt-4o");
            List<Map<String, String>> after = Api.reencrypt(2).statusCode(200).extract().jsonPath().getList("unreadableKeys");
            assertThat(after.stream().anyMatch(row -> resaved.equals(row.get("accountId"))), is(false));
        } finally {
            for (String account : tampered) {
                rows.deleteAccount(account);
            }
            rows.deleteAccount(orphan);
        }
    }

    @Test
    void reencryptionIsIdempotent() {
        Api.reencrypt(100).statusCode(200);

        Api.reencrypt(100).statusCode(200).body("reencrypted", is(0)).body("remaining", is(0));
    }

    @Test
    void reencryptionNeedsTheServiceTokenAndASaneBatchSize() {
        given().post("/internal/v1/keys/reencrypt").then().statusCode(401);
        Api.reencrypt(0).statusCode(400).body("code", is("invalid_request"));
        Api.reencrypt(1001).statusCode(400);
        Api.internal().queryParam("batchSize", "many").post("/internal/v1/keys/reencrypt").then().statusCode(400);
    }
}
