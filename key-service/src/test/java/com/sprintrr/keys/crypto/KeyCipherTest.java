package com.sprintrr.keys.crypto;

import com.sprintrr.providers.ApiKey;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.sprintrr.providers.Provider;

import io.quarkus.runtime.LaunchMode;

class KeyCipherTest {

    static final String KEYS = "old:" + MasterKeysTest.K1 + ",new:" + MasterKeysTest.K2;
    static final ApiKey KEY = ApiKey.of("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789");

    final KeyCipher cipher = new KeyCipher(MasterKeys.parse(Optional.of(KEYS), Optional.of("new")), LaunchMode.TEST);

    @Test
    void sealsUnderThePrimaryKeyAndOpensAgain() {
        Sealed sealed = cipher.seal("acct-1", Provider.OPENAI, KEY);

        assertThat(sealed.keyId(), is("new"));
        assertThat(sealed.blob().length, is(KeyCipher.NONCE_BYTES + KEY.length() + 16));
        assertThat(cipher.open("acct-1", Provider.OPENAI, sealed).reveal(), is(KEY.reveal()));
    }

    @Test
    void usesAFreshNonceEachTime() {
        Sealed a = cipher.seal("acct-1", Provider.OPENAI, KEY);
        Sealed b = cipher.seal("acct-1", Provider.OPENAI, KEY);

        assertThat(Arrays.equals(Arrays.copyOf(a.blob(), 12), Arrays.copyOf(b.blob(), 12)), is(false));
    }

    @Test
    void aBlobDoesNotOpenForAnotherAccountOrProvider() {
        Sealed sealed = cipher.seal("acct-1", Provider.OPENAI, KEY);

        assertThrows(KeyUnreadableException.class, () -> cipher.open("acct-2", Provider.OPENAI, sealed));
        assertThrows(KeyUnreadableException.class, () -> cipher.open("acct-1", Provider.GEMINI, sealed));
    }

    @Test
    void aTamperedBlobOrAWrongMasterKeyDoesNotOpen() {
        Sealed sealed = cipher.seal("acct-1", Provider.OPENAI, KEY);
        byte[] flipped = sealed.blob().clone();
        flipped[20] ^= 1;

        assertThrows(KeyUnreadableException.class, () -> cipher.open("acct-1", Provider.OPENAI, new Sealed("new", flipped)));
        assertThrows(KeyUnreadableException.class, () -> cipher.open("acct-1", Provider.OPENAI, new Sealed("old", sealed.blob())));
        KeyUnreadableException unknown = assertThrows(KeyUnreadableException.class,
                () -> cipher.open("acct-1", Provider.OPENAI, new Sealed("retired", sealed.blob())));
        assertThat(unknown.getMessage(), containsString("'retired'"));
    }

    @Test
    void productionRefusesTheCommittedInsecureKeys() {
        MasterKeys committed = MasterKeys.parse(Optional.of("dev-insecure:" + MasterKeysTest.K2), Optional.of("dev-insecure"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new KeyCipher(committed, LaunchMode.NORMAL));
        assertThat(e.getMessage(), containsString("dev-insecure"));
        assertThat(e.getMessage(), not(containsString(MasterKeysTest.K2)));
        new KeyCipher(committed, LaunchMode.DEVELOPMENT);
    }

    @Test
    void productionRefusesEveryCommittedKeyWhateverItsId() {
        // docker-compose.yml's former key, built here rather than committed once more.
        String composeKey = Base64.getEncoder().encodeToString("DEV-ONLY-sprintrr-compose-key-01".getBytes(StandardCharsets.US_ASCII));
        for (String committedKey : new String[] { composeKey, MasterKeysTest.K1, MasterKeysTest.K2 }) {
            MasterKeys keys = MasterKeys.parse(Optional.of("fresh:" + freshKey() + ",k2026-01:" + committedKey),
                    Optional.of("fresh"));

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new KeyCipher(keys, LaunchMode.NORMAL));
            assertThat(e.getMessage(), containsString("[k2026-01]"));
            assertThat(e.getMessage(), not(containsString(committedKey)));
            new KeyCipher(keys, LaunchMode.DEVELOPMENT);
        }
    }

    @Test
    void productionAcceptsKeysThatWereNeverCommitted() {
        new KeyCipher(MasterKeys.parse(Optional.of("k2026-01:" + freshKey()), Optional.of("k2026-01")), LaunchMode.NORMAL);
    }

    private static String freshKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void neitherTheKeyNorTheSealedFormPrintsSecrets() {
        assertThat(KEY.toString(), not(containsString("abcdef")));
        assertThat(cipher.seal("acct-1", Provider.OPENAI, KEY).toString(), is("Sealed[keyId=new, " + (12 + KEY.length() + 16) + " bytes]"));
    }
}
