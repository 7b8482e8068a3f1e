package com.sprintrr.credits.api;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.sprintrr.credits.Ids;
import com.sprintrr.credits.account.AccountService;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.hold.HoldService;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.platform.security.CallerAccount;

/**
 * Service-to-service endpoints (the service token is checked by the platform's filter): holds for
 * generation-service, grants and plan changes for billing and support tooling.
 */
@Path("/internal/v1/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalAccountsResource {

    private static final int MAX_REASON_LENGTH = 500;
    private static final int MAX_KEY_LENGTH = 200;

    private final HoldService holds;
    private final AccountService accounts;
    private final CreditRules rules;

    @Inject
    InternalAccountsResource(HoldService holds, AccountService accounts, CreditRules rules) {
        this.holds = holds;
        this.accounts = accounts;
        this.rules = rules;
    }

    /** 201 with a new hold, 200 with the generation's existing one, 402 {@code insufficient_credits}. */
    @POST
    @Path("/holds")
    public Response placeHold(@PathParam("accountId") String accountId, Requests.PlaceHold body) {
        checkAccount(accountId);
        if (body == null) {
            throw Problems.invalidRequest("A body with generationId and mode is required.");
        }
        UUID generationId = Ids.parseUuid(body.generationId());
        if (generationId == null) {
            throw Problems.invalidRequest("Field 'generationId' must be a UUID.");
        }
        Mode mode = Mode.fromId(body.mode())
                .orElseThrow(() -> Problems.invalidRequest("Field 'mode' must be quality or speed."));
        HoldService.Placement placement = holds.place(accountId, generationId, mode);
        return Response.status(placement.created() ? 201 : 200).entity(HoldView.of(placement.hold())).build();
    }

    /** The same body as the public {@code GET /v1/credits}. */
    @GET
    @Path("/credits")
    public CreditsView credits(@PathParam("accountId") String accountId) {
        checkAccount(accountId);
        return CreditsView.of(accounts.view(accountId), rules);
    }

    /**
     * 201 with the ledger entry. Positive credits are a grant, negative ones an adjustment (refused
     * with 402 when they exceed what is available). An {@code Idempotency-Key} makes a retry with the
     * same body return the first entry with 200 instead of granting twice; another body with the same
     * key is 422 {@code idempotency_key_reused}.
     */
    @POST
    @Path("/grants")
    public Response grant(@PathParam("accountId") String accountId, @HeaderParam("Idempotency-Key") String idempotencyKey,
            Requests.Grant body) {
        checkAccount(accountId);
        if (body == null || body.credits() == null || body.credits() == 0
                || Math.abs(body.credits()) > AccountService.MAX_GRANT) {
            throw Problems.invalidRequest("Field 'credits' must be a non-zero whole number of at most "
                    + AccountService.MAX_GRANT + " in size.");
        }
        String reason = body.reason() == null ? null : body.reason().strip();
        // Control characters (NUL above all, which PostgreSQL text cannot hold) have no place in a
        // one-line reason shown in ledgers and support tools: refused, never a 500.
        if (reason == null || reason.isEmpty() || reason.length() > MAX_REASON_LENGTH
                || reason.chars().anyMatch(Character::isISOControl)) {
            throw Problems.invalidRequest("Field 'reason' is required: 1 to " + MAX_REASON_LENGTH
                    + " characters, no control characters.");
        }
        if (idempotencyKey != null && !isVisibleAscii(idempotencyKey, MAX_KEY_LENGTH)) {
            throw Problems.invalidRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters.");
        }
        AccountService.Grant grant = accounts.grant(accountId, body.credits(), reason, idempotencyKey);
        LedgerEntryView entry = LedgerEntryView.of(grant.entry());
        return Response.status(grant.created() ? 201 : 200).entity(entry).build();
    }

    /** 200 with the account's credits on the new plan; 400 {@code unknown_plan}. */
    @PUT
    @Path("/plan")
    public CreditsView changePlan(@PathParam("accountId") String accountId, Requests.ChangePlan body) {
        checkAccount(accountId);
        if (body == null || body.plan() == null || body.plan().isBlank()) {
            throw Problems.invalidRequest("Field 'plan' is required.");
        }
        return CreditsView.of(accounts.changePlan(accountId, body.plan()), rules);
    }

    private static boolean isVisibleAscii(String s, int maxLength) {
        return !s.isEmpty() && s.length() <= maxLength && s.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
    }

    private static void checkAccount(String accountId) {
        if (!CallerAccount.isValidId(accountId)) {
            throw Problems.invalidRequest("The account id in the path is not valid.");
        }
    }
}
