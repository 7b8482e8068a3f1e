package com.sprintrr.keys.support;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;

/**
 * What the HTTP tests of key-service start from (subclasses add {@code @QuarkusTest}): the
 * providers' fake, reset before each test so no answer leaks from one test into the next, and the
 * stored rows, read with plain SQL.
 */
public abstract class KeyServiceTestBase {

    /**
     * Set by the GLOBAL {@code ProviderFakeResource} (see TestInfrastructure), which fills every field
     * of this type; it has no annotation of its own.
     */
    protected ProviderFake fake;

    @Inject
    protected StoredRows rows;

    @BeforeEach
    void resetProviderFake() {
        fake.reset();
    }

    /** A new key of this provider's shape, which the provider fake accepts. */
    protected String acceptedKey(Provider provider) {
        String key = TestKeys.key(provider);
        fake.acceptKey(provider, key);
        return key;
    }

    /** A fresh account that saved this key, which the provider accepted; the fake still accepts it. */
    protected String accountWithKey(Provider provider, String key) {
        String account = TestKeys.account();
        fake.acceptKey(provider, key);
        Api.saveKey(account, provider, key).statusCode(200);
        return account;
    }
}
