package com.sprintrr.generation.credits;

import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.GenerationProblems;
import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.internal.InternalHttp;

import io.quarkus.logging.Log;

/**
 * What generation-service asks credit-service ({@code /internal/v1/accounts/{id}}), as domain
 * results: a refused hold is 402 {@code insufficient_credits}, anything else that fails is 503
 * {@code credit_service_unavailable}. Timeouts are {@code sprintrr.generation.internal.*}.
 */
@ApplicationScoped
public class CreditGateway {

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

    private final InternalHttp http;
    private final String baseUrl;

    @Inject
    CreditGateway(InternalHttp http, GenerationConfig config) {
        this.http = http;
        this.baseUrl = InternalHttp.withoutTrailingSlash(config.internal().creditServiceUrl());
    }

    /**
     * Places (or finds, the call is idempotent on the generation id) the hold for one credits
     * generation. A timeout may leave a hold behind; credit-service releases it after its TTL.
     */
    public Hold hold(String accountId, UUID generationId, Mode mode) {
        InternalHttp.Reply reply;
        try {
            reply = http.post(InternalHttp.accountUri(baseUrl, accountId, "/holds"),
                    new HoldRequest(generationId.toString(), mode.id()));
        } catch (InternalHttp.Unreachable e) {
            throw unavailable(e.getMessage() + " for a hold");
        }
        if (reply.status() == 402) {
            InsufficientBody refusal = reply.body(InsufficientBody.class).orElse(new InsufficientBody(null, null, null));
            throw GenerationProblems.insufficientCredits(refusal.available(), refusal.required());
        }
        if (reply.status() != 200 && reply.status() != 201) {
            throw unavailable("answered HTTP " + reply.status() + " to a hold");
        }
        HoldBody body = reply.body(HoldBody.class).orElse(null);
        if (body == null || body.amount() == null || body.amount() < 0) {
            throw unavailable("sent an incomplete hold");
        }
        return new Hold(generationId, body.amount());
    }

    /** Credits available to the account, or empty when credit-service cannot tell right now. */
    public OptionalLong available(String accountId) {
        InternalHttp.Reply reply;
        try {
            reply = http.get(InternalHttp.accountUri(baseUrl, accountId, "/credits"));
        } catch (InternalHttp.Unreachable e) {
            Log.warnf("credit-service %s for a credits read", e.getMessage());
            return OptionalLong.empty();
        }
        if (reply.status() != 200) {
            Log.warnf("credit-service answered HTTP %d to a credits read", reply.status());
            return OptionalLong.empty();
        }
        return reply.body(CreditsBody.class).filter(body -> body.available() != null)
                .map(body -> OptionalLong.of(body.available())).orElse(OptionalLong.empty());
    }

    private static RuntimeException unavailable(String why) {
        Log.warnf("credit-service %s", why);
        return GenerationProblems.creditServiceUnavailable();
    }
}
