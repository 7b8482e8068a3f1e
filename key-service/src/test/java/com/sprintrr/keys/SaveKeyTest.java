package com.sprintrr.keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SaveKeyTest extends KeyServiceTestBase {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void storesAValidKeyEncryptedWithItsHintAndTheDefaultModel(Provider provider) throws Exception {
        String account = TestKeys.account();
        String key = acceptedKey(provider);
        String defaultModel = defaultModel(provider);

        Api.saveKey(account, provider, key).statusCode(200)
                .body("provider", is(provider.id()))
                .body("model", is(defaultModel))
                .body("hint", is(expectedHint(key)))
                .body("validatedAt", notNullValue())
                .body("updatedAt", notNullValue())
                .body("apiKey", nullValue());

        Api.view(account).statusCode(200)
                .body("enabled", is(false))
                .body("activeProvider", nullValue())
                .body("keys", hasSize(1))
                .body("keys[0].provider", is(provider.id()))
                .body("keys[0].hint", is(expectedHint(key)))
                .body("keys[0].model", is(defaultModel));

        assertThat(fake.modelsRequests(provider), hasSize(1));
        StoredRows.Ciphertext stored = rows.ciphertext(account, provider).orElseThrow();
        assertThat(stored.keyId(), is("test-insecure"));
        String decrypted = PlainAesGcm.decrypt(PlainAesGcm.masterKey("test-insecure"), stored.blob(),
                account + "/" + provider.id());
        assertThat(decrypted, is(key));
        assertThat(stored.blob().length, is(12 + key.length() + 16));
        assertPlaintextNowhere(account, key);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void storesTheChosenCuratedModel(Provider provider) {
        String account = TestKeys.account();
        String key = acceptedKey(provider);
        String model = lastModel(provider);

        Api.saveKey(account, provider, key, model).statusCode(200).body("model", is(model));
        Api.view(account).body("keys[0].model", is(model));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void trimsSurroundingWhitespaceBeforeValidatingAndStoring(Provider provider) throws Exception {
        String account = TestKeys.account();
        String key = acceptedKey(provider);

        Api.saveKey(account, provider, "  \t" + key + "\n ").statusCode(200);

        StoredRows.Ciphertext stored = rows.ciphertext(account, provider).orElseThrow();
        assertThat(PlainAesGcm.decrypt(PlainAesGcm.masterKey("test-insecure"), stored.blob(),
                account + "/" + provider.id()), is(key));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void replacesAnEarlierKeyOfTheSameProvider(Provider provider) throws Exception {
        String account = TestKeys.account();
        String first = TestKeys.key(provider);
        String second = TestKeys.key(provider);
        fake.acceptKey(provider, first);
        fake.acceptKey(provider, second);

        Api.saveKey(account, provider, first).statusCode(200);
        Api.saveKey(account, provider, second).statusCode(200).body("hint", is(expectedHint(second)));

        assertThat(rows.keyCount(account), is(1));
        StoredRows.Ciphertext stored = rows.ciphertext(account, provider).orElseThrow();
        assertThat(PlainAesGcm.decrypt(PlainAesGcm.masterKey("test-insecure"), stored.blob(),
                account + "/" + provider.id()), is(second));
        assertThat(rows.auditActions(account), contains("key_saved:" + provider.id(),
                "key_replaced:" + provider.id()));
        assertPlaintextNowhere(account, first);
        assertPlaintextNowhere(account, second);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void refusesAModelOutsideTheCatalogWithoutCallingTheProvider(Provider provider) {
        String account = TestKeys.account();
        String key = acceptedKey(provider);

        Api.saveKey(account, provider, key, "gpt-2-turbo-ultra").statusCode(400)
                .contentType(Api.PROBLEM_JSON)
                .body("code", is("unsupported_model"));

        assertThat(fake.modelsRequests(provider), empty());
        assertThat(rows.keyCount(account), is(0));
    }

    private void assertPlaintextNowhere(String account, String key) {
        String everything = rows.everythingAbout(account);
        assertThat(everything, not(containsString(key)));
        // bytea renders as hex in row text: the key's bytes must not sit there in the clear either.
        assertThat(everything, not(containsString(HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8)))));
    }

    static String expectedHint(String key) {
        int shown = Math.min(10, key.length() / 4);
        int tail = Math.min(4, shown / 2);
        return key.substring(0, shown - tail) + "…" + key.substring(key.length() - tail);
    }

    static String defaultModel(Provider provider) {
        switch (provider) {
            case ANTHROPIC:
                return "claude-sonnet-4-6";
            case OPENAI:
                return "gpt-4o-mini";
            default:
                return "gemini-3.1-flash-lite";
        }
    }

    static String lastModel(Provider provider) {
        switch (provider) {
            case ANTHROPIC:
                return "claude-opus-4-5";
            case OPENAI:
                return "gpt-5-mini";
            default:
                return "gemini-2.5-pro";
        }
    }
}
