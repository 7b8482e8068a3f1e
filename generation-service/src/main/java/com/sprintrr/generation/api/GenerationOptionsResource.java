package com.sprintrr.generation.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.generation.routing.GenerationOptions;
import com.sprintrr.platform.security.CallerAccount;

import io.quarkus.security.Authenticated;

/** {@code GET /v1/generation/options}: sources, credits available, BYOK provider and model for the modal. */
@Path("/v1/generation/options")
@Authenticated
public class GenerationOptionsResource {

    private final CallerAccount caller;

    private final GenerationOptions options;

    @Inject
    GenerationOptionsResource(CallerAccount caller, GenerationOptions options) {
        this.caller = caller;
        this.options = options;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public GenerationOptions.Options options() {
        return options.forAccount(caller.id());
    }
}
