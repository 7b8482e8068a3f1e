package com.sprintrr.platform;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.security.CallerAccount;

import io.quarkus.security.Authenticated;

/** Endpoints that exist only in this module's tests, to exercise the shared platform pieces. */
@Path("/")
public class ProbeResource {

    @Inject
    CallerAccount caller;

    public record Echo(String name, int count) {
    }

    public record Amount(Long credits, Double ratio, String reason) {
    }

    @GET
    @Path("/v1/probe")
    @Authenticated
    public Map<String, String> whoAmI() {
        return Map.of("accountId", caller.id());
    }

    @POST
    @Path("/v1/probe/echo")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Echo echo(Echo body) {
        return body;
    }

    @POST
    @Path("/v1/probe/amount")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Amount amount(Amount body) {
        return body;
    }

    @GET
    @Path("/v1/probe/conflict")
    public void conflict() {
        throw new ProblemException(409, "probe_conflict", "Conflict", "The probe is in the way.").with("retryAfterSeconds", 3);
    }

    @GET
    @Path("/v1/probe/bug")
    public void bug() {
        throw new IllegalStateException("internal detail that must not leak");
    }

    @GET
    @Path("/internal/v1/probe")
    public Map<String, String> internal() {
        return Map.of("internal", "yes");
    }
}
