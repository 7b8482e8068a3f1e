package com.sprintrr.credits.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.sprintrr.credits.account.AccountService;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.platform.problem.Problems;
import com.sprintrr.platform.security.CallerAccount;

import io.quarkus.security.Authenticated;

/** The caller's own credits and ledger; the account comes from the token only. */
@Path("/v1/credits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CreditsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final CallerAccount caller;
    private final AccountService accounts;
    private final CreditRules rules;

    @Inject
    CreditsResource(CallerAccount caller, AccountService accounts, CreditRules rules) {
        this.caller = caller;
        this.accounts = accounts;
        this.rules = rules;
    }

    @GET
    public CreditsView credits() {
        return CreditsView.of(accounts.view(caller.id()), rules);
    }

    /** Newest first; {@code limit} 1 to 200, default 50. */
    @GET
    @Path("/ledger")
    public List<LedgerEntryView> ledger(@QueryParam("limit") String limit) {
        int n = parseLimit(limit);
        return accounts.ledger(caller.id(), n).stream().map(LedgerEntryView::of).toList();
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw Problems.invalidRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
