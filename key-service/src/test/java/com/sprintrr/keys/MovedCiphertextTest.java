package com.sprintrr.keys;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;

import io.quarkus.test.junit.QuarkusTest;

/** The AAD binds a ciphertext to its row: copied elsewhere it does not decrypt, not even for the same account. */
@QuarkusTest
class MovedCiphertextTest extends KeyServiceTestBase {

    String victim;
    String victimKey;

    @BeforeEach
    void victimHasAStoredOpenAiKey() {
        victimKey = TestKeys.key(Provider.OPENAI);
        victim = accountWithKey(Provider.OPENAI, victimKey);
    }

    @Test
    void aCiphertextCopiedToAnotherAccountsRowDoesNotDecrypt() throws Exception {
        String attackerKey = TestKeys.key(Provider.OPENAI);
        String attacker = accountWithKey(Provider.OPENAI, attackerKey);
        Api.settings(attacker, true, Provider.OPENAI).statusCode(200);
        StoredRows.Ciphertext stolen = rows.ciphertext(victim, Provider.OPENAI).orElseThrow();

        rows.setCiphertext(attacker, Provider.OPENAI, stolen.blob(), stolen.keyId());

        Api.credential(attacker).statusCode(500).contentType(Api.PROBLEM_JSON).body("code", is("key_unreadable"));
        assertThrows(AEADBadTagException.class, () -> PlainAesGcm.decrypt(PlainAesGcm.masterKey(stolen.keyId()),
                stolen.blob(), attacker + "/openai"));
    }

    @Test
    void aCiphertextCopiedToAnotherProvidersRowDoesNotDecrypt() throws Exception {
        String geminiKey = acceptedKey(Provider.GEMINI);
        Api.saveKey(victim, Provider.GEMINI, geminiKey).statusCode(200);
        Api.settings(victim, true, Provider.GEMINI).statusCode(200);
        StoredRows.Ciphertext openAi = rows.ciphertext(victim, Provider.OPENAI).orElseThrow();

        rows.setCiphertext(victim, Provider.GEMINI, openAi.blob(), openAi.keyId());

        Api.credential(victim).statusCode(500).body("code", is("key_unreadable"));
        assertThrows(AEADBadTagException.class, () -> PlainAesGcm.decrypt(PlainAesGcm.masterKey(openAi.keyId()),
                openAi.blob(), victim + "/gemini"));
    }

    @Test
    void theUntouchedRowStillDecrypts() {
        Api.settings(victim, true, Provider.OPENAI).statusCode(200);

        Api.credential(victim).statusCode(200).body("apiKey", is(victimKey));
    }
}
