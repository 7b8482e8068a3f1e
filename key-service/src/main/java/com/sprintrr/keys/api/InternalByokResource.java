package com.sprintrr.keys.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.keys.credential.ByokState;
import com.sprintrr.keys.credential.Credential;
import com.sprintrr.keys.credential.CredentialService;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.platform.security.CallerAccount;

/**
 * For generation-service only (the platform's service-token filter guards /internal/**): an
 * account's routing state, and the decrypted key of its active provider.
 */
@Path("/internal/v1/accounts/{accountId}/byok")
@Produces(MediaType.APPLICATION_JSON)
public class InternalByokResource {

    private final CredentialService credentials;

    InternalByokResource(CredentialService credentials) {
        this.credentials = credentials;
    }

    @GET
    public ByokState state(@PathParam("accountId") String accountId) {
        return credentials.state(checked(accountId));
    }

    /** POST so that no cache or proxy treats the answer as a cacheable read; served with no-store. */
    @POST
    @Path("/credential")
    public Credential credential(@PathParam("accountId") String accountId) {
        return credentials.credential(checked(accountId));
    }

    private static String checked(String accountId) {
        if (!CallerAccount.isValidId(accountId)) {
            throw Problems.invalidRequest("The account id is malformed.");
        }
        return accountId;
    }
}
