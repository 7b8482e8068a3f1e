package com.sprintrr.generation.keys;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.sprintrr.generation.routing.GenerationProblems;
import com.sprintrr.providers.Provider;

import io.quarkus.logging.Log;

/**
 * What generation-service asks key-service, as domain results: HTTP failures become
 * {@code byok_disabled} (409) or {@code key_service_unavailable} (503). Timeouts are the REST
 * client's ({@code quarkus.rest-client.key-service.connect-timeout/read-timeout}).
 */
@ApplicationScoped
public class KeyGateway {

    private final KeyServiceClient client;
    private final String serviceToken;

    @Inject
    KeyGateway(@RestClient KeyServiceClient client,
            @ConfigProperty(name = "sprintrr.internal-token") Optional<String> token) {
        this.client = client;
        this.serviceToken = "Bearer " + token.orElse("");
    }

    /** The account's BYOK settings; throws 503 {@code key_service_unavailable} when key-service cannot tell. */
    public ByokSettings settings(String accountId) {
        KeyServiceClient.SettingsBody body;
        try {
            body = client.settings(serviceToken, accountId);
        } catch (WebApplicationException e) {
            throw unavailable("answered HTTP " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            throw unavailable("is unreachable or too slow");
        }
        if (body == null) {
            throw unavailable("sent no settings");
        }
        Optional<Provider> provider = Provider.fromId(body.activeProvider());
        return new ByokSettings(body.enabled() && provider.isPresent(), provider, Optional.ofNullable(body.model()));
    }

    /**
     * The decrypted credential of the active provider, or empty when BYOK is off (key-service's 409
     * {@code byok_disabled}); throws 503 {@code key_service_unavailable} when key-service cannot tell.
     */
    public Optional<ByokCredential> credentialIfEnabled(String accountId) {
        KeyServiceClient.CredentialBody body;
        try {
            body = client.credential(serviceToken, accountId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                return Optional.empty();
            }
            throw unavailable("answered HTTP " + e.getResponse().getStatus());
        } catch (ProcessingException e) {
            throw unavailable("is unreachable or too slow");
        }
        if (body == null || body.apiKey() == null || body.apiKey().isEmpty() || body.model() == null
                || Provider.fromId(body.provider()).isEmpty()) {
            throw unavailable("sent an incomplete credential");
        }
        return Optional.of(new ByokCredential(Provider.fromId(body.provider()).get(), body.model(), body.apiKey()));
    }

    /** The decrypted credential; 409 {@code byok_disabled} when BYOK is off or no provider is active. */
    public ByokCredential credential(String accountId) {
        return credentialIfEnabled(accountId).orElseThrow(GenerationProblems::byokDisabled);
    }

    private static RuntimeException unavailable(String why) {
        Log.warnf("key-service %s", why);
        return GenerationProblems.keyServiceUnavailable();
    }
}
