package com.sprintrr.keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.fake.Refusal;

import io.quarkus.test.junit.QuarkusTest;

/** Every documented refusal shape (fixtures/providers/README.md) is a 422 that stores nothing. */
@QuarkusTest
class RejectedKeyTest extends KeyServiceTestBase {

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void refusedKeyIsRejectedWithAReasonAndNothingIsStored(Refusal refusal) {
        String account = TestKeys.account();
        String key = TestKeys.key(refusal.provider());
        fake.refuseKey(refusal.provider(), key, refusal);

        String body = Api.saveKey(account, refusal.provider(), key).statusCode(422)
                .contentType(Api.PROBLEM_JSON)
                .body("code", is("key_rejected"))
                .body("provider", is(refusal.provider().id()))
                .body("reason", is(refusal.reason().name().toLowerCase(Locale.ROOT)))
                .extract().asString();

        assertThat(body, not(containsString(key)));
        assertThat(rows.keyCount(account), is(0));
        Api.view(account).body("keys", hasSize(0));
        assertThat(rows.auditActions(account), contains("key_rejected:" + refusal.provider().id()));
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void aRefusedReplacementLeavesTheEarlierKeyInPlace(Refusal refusal) throws Exception {
        String account = TestKeys.account();
        String good = TestKeys.key(refusal.provider());
        String bad = TestKeys.key(refusal.provider());
        fake.acceptKey(refusal.provider(), good);
        fake.refuseKey(refusal.provider(), bad, refusal);
        Api.saveKey(account, refusal.provider(), good).statusCode(200);

        Api.saveKey(account, refusal.provider(), bad).statusCode(422);

        StoredRows.Ciphertext stored = rows.ciphertext(account, refusal.provider()).orElseThrow();
        assertThat(PlainAesGcm.decrypt(PlainAesGcm.masterKey(stored.keyId()), stored.blob(),
                account + "/" + refusal.provider().id()), is(good));
        Api.view(account).body("keys[0].hint", is(SaveKeyTest.expectedHint(good)));
    }
}
