package com.sprintrr.generation.credits;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** credit-service's internal API on the wire; {@link CreditGateway} is the only caller. */
@RegisterRestClient(configKey = "credit-service")
@Path("/internal/v1/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
interface CreditServiceClient {

    @POST
    @Path("/holds")
    @Consumes(MediaType.APPLICATION_JSON)
    HoldBody hold(@HeaderParam("Authorization") String serviceToken, @PathParam("accountId") String accountId,
            HoldRequest request);

    @GET
    @Path("/credits")
    CreditsBody credits(@HeaderParam("Authorization") String serviceToken, @PathParam("accountId") String accountId);

    record HoldRequest(String generationId, String mode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HoldBody(String generationId, Long amount, String status, String expiresAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreditsBody(String plan, Long balance, Long held, Long available) {
    }

    /** The members of credit-service's 402 problem we read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InsufficientBody(String code, Long available, Long required) {
    }
}
