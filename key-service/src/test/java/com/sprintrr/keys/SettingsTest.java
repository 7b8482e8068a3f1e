package com.sprintrr.keys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SettingsTest extends KeyServiceTestBase {

    private String accountWithKeys(Provider... providers) {
        String account = TestKeys.account();
        for (Provider provider : providers) {
            String key = acceptedKey(provider);
            Api.saveKey(account, provider, key).statusCode(200);
        }
        return account;
    }

    @Test
    void aNewAccountHasBYOKOffAndNoKeys() {
        Api.view(TestKeys.account()).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("enabled", is(false))
                .body("activeProvider", nullValue())
                .body("keys", hasSize(0));
    }

    @Test
    void enablingAProviderWithAStoredKeyMakesItActive() {
        String account = accountWithKeys(Provider.OPENAI);

        Api.settings(account, true, Provider.OPENAI).statusCode(200)
                .body("enabled", is(true))
                .body("activeProvider", is("openai"));

        Api.view(account).body("enabled", is(true)).body("activeProvider", is("openai"));
        Api.state(account).statusCode(200)
                .body("enabled", is(true)).body("activeProvider", is("openai")).body("model", is("gpt-4o-mini"));
    }

    @Test
    void enablingOrActivatingAProviderWithoutAKeyIsAConflict() {
        String account = accountWithKeys(Provider.OPENAI);

        Api.settings(account, true, Provider.GEMINI).statusCode(409)
                .contentType(Api.PROBLEM_JSON).body("code", is("no_key_for_provider"));
        Api.settings(account, false, Provider.ANTHROPIC).statusCode(409)
                .body("code", is("no_key_for_provider"));

        Api.view(account).body("enabled", is(false)).body("activeProvider", nullValue());
    }

    @Test
    void enablingWithoutAnActiveProviderIsRefused() {
        String account = accountWithKeys(Provider.OPENAI);

        Api.settings(account, true, null).statusCode(400).body("code", is("invalid_request"));

        Api.view(account).body("enabled", is(false));
    }

    @Test
    void disablingKeepsTheKeysAndTheActiveProvider() {
        String account = accountWithKeys(Provider.ANTHROPIC, Provider.GEMINI);
        Api.settings(account, true, Provider.GEMINI).statusCode(200);

        Api.settings(account, false, Provider.GEMINI).statusCode(200).body("enabled", is(false));

        Api.view(account).body("enabled", is(false)).body("activeProvider", is("gemini"))
                .body("keys.provider", contains("anthropic", "gemini"));
        Api.credential(account).statusCode(409).body("code", is("byok_disabled"));
    }

    @Test
    void switchingTheActiveProviderAmongStoredKeys() {
        String account = accountWithKeys(Provider.ANTHROPIC, Provider.OPENAI);
        Api.settings(account, true, Provider.ANTHROPIC).statusCode(200);

        Api.settings(account, true, Provider.OPENAI).statusCode(200);

        Api.state(account).body("activeProvider", is("openai"));
        Api.credential(account).statusCode(200).body("provider", is("openai"));
    }

    @Test
    void deletingTheActiveProvidersKeyTurnsBYOKOff() {
        String account = accountWithKeys(Provider.ANTHROPIC, Provider.OPENAI);
        Api.settings(account, true, Provider.ANTHROPIC).statusCode(200);

        Api.delete(account, Provider.ANTHROPIC).statusCode(204);

        Api.view(account).body("enabled", is(false)).body("activeProvider", nullValue())
                .body("keys.provider", contains("openai"));
        Api.state(account).body("enabled", is(false)).body("activeProvider", nullValue()).body("model", nullValue());
    }

    @Test
    void deletingAnotherProvidersKeyKeepsBYOKOn() {
        String account = accountWithKeys(Provider.ANTHROPIC, Provider.OPENAI);
        Api.settings(account, true, Provider.ANTHROPIC).statusCode(200);

        Api.delete(account, Provider.OPENAI).statusCode(204);

        Api.view(account).body("enabled", is(true)).body("activeProvider", is("anthropic"))
                .body("keys.provider", contains("anthropic"));
    }

    @Test
    void deletingAMissingKeyIs404() {
        String account = accountWithKeys(Provider.OPENAI);

        Api.delete(account, Provider.GEMINI).statusCode(404).contentType(Api.PROBLEM_JSON)
                .body("code", is("key_not_found"));
    }

    @Test
    void changingTheModelNeedsNoNewValidation() {
        String account = accountWithKeys(Provider.ANTHROPIC);
        Api.settings(account, true, Provider.ANTHROPIC).statusCode(200);
        fake.reset();

        Api.changeModel(account, Provider.ANTHROPIC, "claude-opus-4-6").statusCode(200)
                .body("provider", is("anthropic")).body("model", is("claude-opus-4-6"));

        Api.view(account).body("keys[0].model", is("claude-opus-4-6"));
        Api.state(account).body("model", is("claude-opus-4-6"));
        Api.credential(account).body("model", is("claude-opus-4-6"));
    }

    @Test
    void aNullModelMeansTheDefault() {
        String account = accountWithKeys(Provider.GEMINI);
        Api.changeModel(account, Provider.GEMINI, "gemini-2.5-pro").statusCode(200);

        Api.changeModel(account, Provider.GEMINI, null).statusCode(200).body("model", is("gemini-3.1-flash-lite"));
    }

    @Test
    void aModelOutsideTheCatalogIsRefused() {
        String account = accountWithKeys(Provider.OPENAI);

        Api.changeModel(account, Provider.OPENAI, "claude-opus-4-6").statusCode(400)
                .body("code", is("unsupported_model"));

        Api.view(account).body("keys[0].model", is("gpt-4o-mini"));
    }

    @Test
    void changingTheModelOfAMissingKeyIs404() {
        Api.changeModel(TestKeys.account(), Provider.OPENAI, "gpt-4o").statusCode(404)
                .body("code", is("key_not_found"));
    }

    @Test
    void theInternalStateOfAnUnknownAccountIsOff() {
        Api.state(TestKeys.account()).statusCode(200)
                .body("enabled", is(false)).body("activeProvider", nullValue()).body("model", nullValue())
                .body("stateVersion", is(0))
                .body("$", aMapWithSize(4));
    }

    @Test
    void theCredentialIsTheActiveProvidersDecryptedKeyAndIsNotCached() {
        String account = TestKeys.account();
        String key = acceptedKey(Provider.GEMINI);
        Api.saveKey(account, Provider.GEMINI, key, "gemini-2.5-flash").statusCode(200);
        Api.settings(account, true, Provider.GEMINI).statusCode(200);

        Api.credential(account).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("provider", is("gemini"))
                .body("model", is("gemini-2.5-flash"))
                .body("apiKey", is(key));
    }

    @Test
    void everyChangeIsAuditedWithoutKeyOrHint() {
        String account = TestKeys.account();
        String key = acceptedKey(Provider.OPENAI);
        String hint = Api.saveKey(account, Provider.OPENAI, key).statusCode(200).extract().path("hint");
        Api.changeModel(account, Provider.OPENAI, "gpt-5").statusCode(200);
        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        Api.delete(account, Provider.OPENAI).statusCode(204);

        assertThat(rows.auditActions(account), contains("key_saved:openai", "model_changed:openai",
                "settings_changed:openai", "key_deleted:openai"));
        assertThat(rows.auditText(account), not(containsString(key)));
        assertThat(rows.auditText(account), not(containsString(hint)));
    }

    @Test
    void theAuditTrailCannotBeRewritten() {
        String account = accountWithKeys(Provider.GEMINI);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> rows.rewriteAudit(account));

        assertThat(refused.getCause().getMessage(), containsString("append-only"));
    }
}
