package com.sprintrr.keys.crypto;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Startup must fail clearly on missing or broken master keys, and never print key material. */
class MasterKeysTest {

    static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = "YJWPbYq1ncewkKqt6vcp+33G3PZXYvW8kiyJjuiQOCs=";

    @Test
    void readsSeveralKeysAndThePrimary() {
        MasterKeys keys = MasterKeys.parse(Optional.of(" old:" + K1 + " , new:" + K2 + " "), Optional.of("new"));

        assertThat(keys.primaryId(), is("new"));
        assertThat(keys.ids(), contains("old", "new"));
        assertThat(keys.toString(), not(containsString(K2)));
    }

    @Test
    void refusesToStartWithoutKeys() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.empty(), Optional.of("k")));
        assertThat(e.getMessage(), containsString("sprintrr.crypto.keys (SPRINTRR_CRYPTO_KEYS) is not set"));
        assertThrows(IllegalStateException.class, () -> MasterKeys.parse(Optional.of("  "), Optional.of("k")));
    }

    @Test
    void refusesToStartWithoutAPrimaryId() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.of("k:" + K2), Optional.empty()));
        assertThat(e.getMessage(), containsString("sprintrr.crypto.primary-key-id"));
    }

    @Test
    void refusesAPrimaryIdThatIsNotConfigured() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.of("k:" + K2), Optional.of("other")));
        assertThat(e.getMessage(), containsString("'other'"));
        assertThat(e.getMessage(), not(containsString(K2)));
    }

    @Test
    void refusesKeysOfTheWrongSizeWithoutPrintingThem() {
        String short16 = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.of("k:" + short16), Optional.of("k")));
        assertThat(e.getMessage(), containsString("16 bytes, not 32"));
        assertThat(e.getMessage(), not(containsString(short16)));
    }

    @Test
    void refusesBrokenEntriesWithoutPrintingThem() {
        String secretLooking = "not-base64-at-all-but-secret!!";
        IllegalStateException notBase64 = assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.of("k:" + secretLooking), Optional.of("k")));
        assertThat(notBase64.getMessage(), not(containsString(secretLooking)));

        IllegalStateException noId = assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.of("k:" + K1 + "," + K2), Optional.of("k")));
        assertThat(noId.getMessage(), containsString("entry #2"));
        assertThat(noId.getMessage(), not(containsString(K2)));
    }

    @Test
    void refusesDuplicateIds() {
        assertThrows(IllegalStateException.class,
                () -> MasterKeys.parse(Optional.of("k:" + K1 + ",k:" + K2), Optional.of("k")));
    }
}
