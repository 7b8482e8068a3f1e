package com.sprintrr.keys.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.keys.health.KeyCheckService;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.keys.saving.KeyService;
import com.sprintrr.keys.saving.KeySummary;
import com.sprintrr.keys.settings.ByokView;
import com.sprintrr.keys.settings.SettingsService;
import com.sprintrr.keys.settings.SettingsView;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.platform.security.CallerAccount;
import com.sprintrr.providers.Provider;

import io.quarkus.security.Authenticated;

/**
 * The user's keys and BYOK settings. Every call is scoped to the JWT's account: another
 * account's data is never addressed, so it is simply not there (404), never forbidden.
 */
@Path("/v1/byok")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ByokResource {

    private final CallerAccount caller;
    private final KeyService keys;
    private final SettingsService settings;
    private final KeyCheckService checks;

    ByokResource(CallerAccount caller, KeyService keys, SettingsService settings, KeyCheckService checks) {
        this.caller = caller;
        this.keys = keys;
        this.settings = settings;
        this.checks = checks;
    }

    @GET
    public ByokView view() {
        return settings.view(caller.id());
    }

    @PUT
    @Path("/keys/{provider}")
    @Consumes(MediaType.APPLICATION_JSON)
    public KeySummary save(@PathParam("provider") String provider, SaveKeyRequest body) {
        String account = caller.id();
        Provider target = ByokProblems.provider(provider);
        if (body == null) {
            throw Problems.invalidRequest("A body {\"apiKey\": \"...\", \"model\": \"optional\"} is required.");
        }
        return keys.save(account, target, body.apiKey(), body.model());
    }

    @PATCH
    @Path("/keys/{provider}")
    @Consumes(MediaType.APPLICATION_JSON)
    public KeySummary changeModel(@PathParam("provider") String provider, ModelChangeRequest body) {
        String account = caller.id();
        Provider target = ByokProblems.provider(provider);
        if (body == null || !body.modelPresent()) {
            throw Problems.invalidRequest("Field 'model' is required (null chooses the default model).");
        }
        return keys.changeModel(account, target, body.model());
    }

    /** Validates the stored key live again (rate-limited like saving) and returns its entry with the new status. */
    @POST
    @Path("/keys/{provider}/check")
    public KeySummary check(@PathParam("provider") String provider) {
        String account = caller.id();
        return checks.check(account, ByokProblems.provider(provider));
    }

    @DELETE
    @Path("/keys/{provider}")
    public void delete(@PathParam("provider") String provider) {
        String account = caller.id();
        keys.delete(account, ByokProblems.provider(provider));
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public SettingsView updateSettings(SettingsRequest body) {
        String account = caller.id();
        if (body == null || body.enabled() == null || !body.activeProviderPresent()) {
            throw Problems.invalidRequest("Fields 'enabled' (boolean) and 'activeProvider' (provider or null) are required.");
        }
        Provider active = null;
        if (body.activeProvider() != null) {
            active = Provider.fromId(body.activeProvider()).orElseThrow(() -> Problems.invalidRequest(
                    "Field 'activeProvider' must be anthropic, openai, gemini or null."));
        }
        return settings.update(account, body.enabled(), active);
    }
}
