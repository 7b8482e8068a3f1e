package com.sprintrr.generation.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Jwts;

import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.restassured.response.Response;

/** What every generation test needs: the fakes, reset before each test, a fresh account, and request helpers. */
public abstract class GenerationTestBase {

    protected ProviderFake providers;
    protected InternalFake internal;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void resetFakesAndBreakers() {
        providers.reset();
        internal.reset();
        breakers.resetAll();
    }

    protected static String newAccount() {
        return "acct-" + UUID.randomUUID();
    }

    /**
     * A new account on the credits path: BYOK off, available credits and a hold of holdAmount, and
     * the provider answering its recorded plain body to the platform key.
     */
    protected String creditsAccount(Provider provider, long available, long holdAmount) {
        String account = newAccount();
        internal.byokOff(account);
        internal.creditsAvailable(account, available, holdAmount);
        providers.replyRecorded(provider, false, ProviderFake.platformKey(provider));
        return account;
    }

    /** A credits account for the quality mode (Anthropic): 50 available, holds of 2. */
    protected String creditsAccount() {
        return creditsAccount(Provider.ANTHROPIC, 50, 2);
    }

    /** {@link #creditsAccount()} whose provider answers only after {@code providerDelay}. */
    protected String creditsAccount(Duration providerDelay) {
        providers.withFixedDelay(providerDelay);
        return creditsAccount();
    }

    /** A new account on the credits path (BYOK off, 50 available, holds of 2), the provider left to the test. */
    protected String creditsOnlyAccount() {
        String account = newAccount();
        internal.byokOff(account);
        internal.creditsAvailable(account, 50, 2);
        return account;
    }

    /** A new account with BYOK on for this provider and model, holding the provider's sample key. */
    protected String byokAccount(Provider provider, String model) {
        String account = newAccount();
        internal.byokOn(account, provider, model, ProviderFake.sampleKey(provider));
        return account;
    }

    /** {@link #byokAccount(Provider, String)} with a made-up model name. */
    protected String byokAccount(Provider provider) {
        return byokAccount(provider, "model-" + provider.id());
    }

    /** A request body; null members are left out. */
    protected static Map<String, Object> body(String prompt, String source, String mode) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (prompt != null) {
            body.put("prompt", prompt);
        }
        if (source != null) {
            body.put("source", source);
        }
        if (mode != null) {
            body.put("mode", mode);
        }
        return body;
    }

    protected static Response generate(String account, Object body) {
        return given().header("Authorization", Jwts.bearer(account)).contentType(ContentType.JSON)
                .accept(ContentType.JSON).body(body).when().post("/v1/generations");
    }

    protected static Response generate(String account, Object body, String idempotencyKey) {
        return given().header("Authorization", Jwts.bearer(account)).header("Idempotency-Key", idempotencyKey)
                .contentType(ContentType.JSON).accept(ContentType.JSON).body(body).when().post("/v1/generations");
    }

    protected List<LoggedRequest> generationRequests(Provider provider) {
        return providers.generationRequests(provider);
    }

    protected int allGenerationRequests() {
        int count = 0;
        for (Provider provider : Provider.values()) {
            count += providers.generationRequests(provider).size();
        }
        return count;
    }

    /** The header a provider reads its key from, and the value it must carry for this key. */
    protected static String[] keyHeader(Provider provider, String key) {
        switch (provider) {
            case ANTHROPIC:
                return new String[] { "x-api-key", key };
            case OPENAI:
                return new String[] { "Authorization", "Bearer " + key };
            default:
                return new String[] { "x-goog-api-key", key };
        }
    }
}
