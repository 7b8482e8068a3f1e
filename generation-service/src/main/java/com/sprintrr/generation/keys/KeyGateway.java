package com.sprintrr.generation.keys;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.internal.InternalHttp;
import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderTarget;

import io.quarkus.logging.Log;

/**
 * What generation-service asks key-service ({@code /internal/v1/accounts/{id}/byok}), as domain
 * results: failures become {@code byok_disabled} (409), {@code byok_key_unreadable} (422: the
 * stored key no longer decrypts, retrying cannot help) or {@code key_service_unavailable} (503).
 * Timeouts are {@code sprintrr.generation.internal.*}. Credential answers that carry key-service's
 * {@code stateVersion} go through the {@link CredentialCache}; failures are never cached.
 */
@ApplicationScoped
public class KeyGateway {

    /** {@code {"enabled":bool,"activeProvider":"anthropic"|null,"model":"..."|null}} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SettingsBody(boolean enabled, String activeProvider, String model) {
    }

    /** key-service's code for a stored key it cannot decrypt (master key gone, row altered or moved). */
    static final String KEY_UNREADABLE = "key_unreadable";

    /** The {@code code} of a key-service problem answer and, on 409 byok_disabled, the state's version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProblemBody(String code, Long stateVersion) {
    }

    /**
     * {@code {"provider":"anthropic","model":"...","apiKey":"<decrypted>","keyVersion":7,"stateVersion":12}};
     * the key is read straight into an {@link ApiKey}, so this body redacts it like everything after it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CredentialBody(String provider, String model, @JsonDeserialize(converter = ApiKeyFromJson.class) ApiKey apiKey,
            Long keyVersion, Long stateVersion) {
    }

    /** A JSON string as an ApiKey (ApiKey itself has no JSON form on purpose). */
    static final class ApiKeyFromJson extends StdConverter<String, ApiKey> {
        @Override
        public ApiKey convert(String value) {
            return ApiKey.of(value);
        }
    }

    private static final String SETTINGS_PATH = "/byok";
    private static final String CREDENTIAL_PATH = "/byok/credential";

    private final InternalHttp http;
    private final CredentialCache cache;
    private final String baseUrl;

    @Inject
    KeyGateway(InternalHttp http, CredentialCache cache, GenerationConfig config) {
        this.http = http;
        this.cache = cache;
        this.baseUrl = InternalHttp.withoutTrailingSlash(config.internal().keyServiceUrl());
    }

    /** The account's BYOK settings; throws 503 {@code key_service_unavailable} when key-service cannot tell. */
    public ByokSettings settings(String accountId) {
        InternalHttp.Reply reply;
        try {
            reply = http.get(byok(accountId, SETTINGS_PATH));
        } catch (InternalHttp.Unreachable e) {
            throw unavailable(e.getMessage());
        }
        if (reply.status() != 200) {
            throw unavailable("answered HTTP " + reply.status());
        }
        SettingsBody body = reply.body(SettingsBody.class).orElseThrow(() -> unavailable("sent no settings"));
        Optional<Provider> provider = Provider.fromId(body.activeProvider());
        return new ByokSettings(body.enabled() && provider.isPresent(), provider, Optional.ofNullable(body.model()));
    }

    /**
     * The decrypted credential of the active provider, or empty when BYOK is off (key-service's 409
     * {@code byok_disabled}); throws 503 {@code key_service_unavailable} when key-service cannot tell.
     * Answered from the {@link CredentialCache} when it may (its fence is fresh and it holds the account).
     */
    public Optional<ByokCredential> credentialIfEnabled(String accountId) {
        Optional<ByokCredential> cached = cache.lookup(accountId);
        if (cached != null) {
            return cached;
        }
        // Taken before the call: the answer is at least as new as this instant.
        long started = cache.now();
        InternalHttp.Reply reply;
        try {
            reply = http.post(byok(accountId, CREDENTIAL_PATH), null);
        } catch (InternalHttp.Unreachable e) {
            throw unavailable(e.getMessage());
        }
        if (reply.status() == 409) {
            if (cache.enabled()) {
                cache.fill(accountId, started, reply.body(ProblemBody.class).map(ProblemBody::stateVersion).orElse(null),
                        Optional.empty());
            }
            return Optional.empty();
        }
        if (reply.status() != 200 && isKeyUnreadable(reply)) {
            Log.warnf("key-service cannot decrypt the active key of account %s: asking the user to save it again", accountId);
            throw GenerationProblems.byokKeyUnreadable();
        }
        if (reply.status() != 200) {
            throw unavailable("answered HTTP " + reply.status());
        }
        CredentialBody body = reply.body(CredentialBody.class).orElse(null);
        Provider provider = body == null ? null : Provider.fromId(body.provider()).orElse(null);
        if (provider == null || body.apiKey() == null || body.apiKey().length() == 0 || body.model() == null) {
            throw unavailable("sent an incomplete credential");
        }
        Optional<ByokCredential> answer = Optional.of(new ByokCredential(
                new ProviderTarget(provider, body.model(), body.apiKey()), body.keyVersion()));
        cache.fill(accountId, started, body.stateVersion(), answer);
        return answer;
    }

    /** The decrypted credential; 409 {@code byok_disabled} when BYOK is off or no provider is active. */
    public ByokCredential credential(String accountId) {
        return credentialIfEnabled(accountId).orElseThrow(GenerationProblems::byokDisabled);
    }

    /** By code, whatever the status (key-service has answered it as 500 and may answer 422). */
    private static boolean isKeyUnreadable(InternalHttp.Reply reply) {
        return reply.body(ProblemBody.class).map(body -> KEY_UNREADABLE.equals(body.code())).orElse(false);
    }

    private URI byok(String accountId, String path) {
        return InternalHttp.accountUri(baseUrl, accountId, path);
    }

    private static RuntimeException unavailable(String why) {
        Log.warnf("key-service %s", why);
        return GenerationProblems.keyServiceUnavailable();
    }
}
