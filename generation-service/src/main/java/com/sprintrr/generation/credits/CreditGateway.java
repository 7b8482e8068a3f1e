package com.sprintrr.generation.credits;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.sprintrr.generation.routing.GenerationProblems;
import com.sprintrr.generation.routing.Mode;

import io.quarkus.logging.Log;

/**
 * What generation-service asks credit-service, as domain results: a refused hold is 402
 * {@code insufficient_credits}, anything else that fails is 503 {@code credit_service_unavailable}.
 * Timeouts are the REST client's ({@code quarkus.rest-client.credit-service.*-timeout}).
 */
@ApplicationScoped
public class CreditGateway {

    private final CreditServiceClient client;
    private final String serviceToken;

    @Inject
    CreditGateway(@RestClient CreditServiceClient client,
            @ConfigProperty(name = "sprintrr.internal-token") Optional<String> token) {
        this.client = client;
        this.serviceToken = "Bearer " + token.orElse("");
    }

    /**
     * Places (or finds, the call is idempotent on the generation id) the hold for one credits
     * generation. A timeout may leave a hold behind; credit-service releases it after its TTL.
     */
    public Hold hold(String accountId, UUID generationId, Mode mode) {
        CreditServiceClient.HoldBody body;
        try {
            body = client.hold(serviceToken, accountId,
                    new CreditServiceClient.HoldRequest(generationId.toString(), mode.id()));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 402) {
                CreditServiceClient.InsufficientBody refusal = readRefusal(e);
                throw GenerationProblems.insufficientCredits(refusal.available(), refusal.required());
            }
            throw unavailable("answered HTTP " + e.getResponse().getStatus() + " to a hold");
        } catch (ProcessingException e) {
            throw unavailable("is unreachable or too slow for a hold");
        }
        if (body == null || body.amount() == null || body.amount() < 0) {
            throw unavailable("sent an incomplete hold");
        }
        return new Hold(generationId, body.amount());
    }

    /** Credits available to the account, or empty when credit-service cannot tell right now. */
    public OptionalLong available(String accountId) {
        try {
            CreditServiceClient.CreditsBody body = client.credits(serviceToken, accountId);
            return body == null || body.available() == null ? OptionalLong.empty() : OptionalLong.of(body.available());
        } catch (WebApplicationException e) {
            Log.warnf("credit-service answered HTTP %d to a credits read", e.getResponse().getStatus());
            return OptionalLong.empty();
        } catch (ProcessingException e) {
            Log.warn("credit-service is unreachable or too slow for a credits read");
            return OptionalLong.empty();
        }
    }

    private static CreditServiceClient.InsufficientBody readRefusal(WebApplicationException e) {
        try {
            CreditServiceClient.InsufficientBody body = e.getResponse().readEntity(CreditServiceClient.InsufficientBody.class);
            return body == null ? new CreditServiceClient.InsufficientBody(null, null, null) : body;
        } catch (RuntimeException unreadable) {
            return new CreditServiceClient.InsufficientBody(null, null, null);
        }
    }

    private static RuntimeException unavailable(String why) {
        Log.warnf("credit-service %s", why);
        return GenerationProblems.creditServiceUnavailable();
    }
}
