package com.sprintrr.keys.rotation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class KeyRotationJobTest {

    @Inject
    KeyRotationJob job;

    @Inject
    Scheduler scheduler;

    @Inject
    StoredRows rows;

    @Test
    void isOffByDefault() {
        assertThat(scheduler.getScheduledJob("key-reencryption"), nullValue());
    }

    @Test
    void aRunMovesEveryRowUnderAnOlderMasterKey() throws Exception {
        String account = TestKeys.account();
        String key = TestKeys.key(Provider.OPENAI);
        rows.insertKey(account, Provider.OPENAI,
                PlainAesGcm.encrypt(PlainAesGcm.masterKey("test-old-insecure"), key, account + "/openai"),
                "test-old-insecure", "gpt-4o");
        rows.enable(account, Provider.OPENAI);

        job.run();

        assertThat(rows.ciphertext(account, Provider.OPENAI).orElseThrow().keyId(), is("test-insecure"));
        Api.credential(account).statusCode(200).body("apiKey", is(key));
    }
}
