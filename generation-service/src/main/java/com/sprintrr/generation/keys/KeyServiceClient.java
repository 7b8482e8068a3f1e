package com.sprintrr.generation.keys;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** key-service's internal API on the wire; {@link KeyGateway} is the only caller. */
@RegisterRestClient(configKey = "key-service")
@Path("/internal/v1/accounts/{accountId}/byok")
@Produces(MediaType.APPLICATION_JSON)
interface KeyServiceClient {

    @GET
    SettingsBody settings(@HeaderParam("Authorization") String serviceToken, @PathParam("accountId") String accountId);

    @POST
    @Path("/credential")
    CredentialBody credential(@HeaderParam("Authorization") String serviceToken, @PathParam("accountId") String accountId);

    /** {@code {"enabled":bool,"activeProvider":"anthropic"|null,"model":"..."|null}} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SettingsBody(boolean enabled, String activeProvider, String model) {
    }

    /** {@code {"provider":"anthropic","model":"...","apiKey":"<decrypted>"}}; never logged. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CredentialBody(String provider, String model, String apiKey) {

        @Override
        public String toString() {
            return "CredentialBody[provider=" + provider + ", model=" + model + ", apiKey=***]";
        }
    }
}
