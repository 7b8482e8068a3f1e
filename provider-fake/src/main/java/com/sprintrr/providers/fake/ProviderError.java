package com.sprintrr.providers.fake;

import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Each provider's documented rate-limit, quota and overload answers, with what a call must make of them. */
public enum ProviderError {

    ANTHROPIC_RATE_LIMITED(Provider.ANTHROPIC, 429, ProviderException.Kind.RATE_LIMITED, Duration.ofSeconds(7),
            Map.of("retry-after", "7", "request-id", "req_011CSHoEeqs5C35K2UUqR7G0",
                    "anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "0"), """
            {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the \
            rate limit for your organization of 50 requests per minute."},"request_id":"req_011CSHoEeqs5C35K2UUqR7G0"}"""),
    ANTHROPIC_OVERLOADED(Provider.ANTHROPIC, 529, ProviderException.Kind.UNAVAILABLE, null,
            Map.of("request-id", "req_011CSHoEeqs5C35K2UUqR7G1"), """
            {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},\
            "request_id":"req_011CSHoEeqs5C35K2UUqR7G1"}"""),
    OPENAI_RATE_LIMITED(Provider.OPENAI, 429, ProviderException.Kind.RATE_LIMITED, Duration.ofSeconds(20),
            Map.of("retry-after", "20", "x-request-id", "req_5d2c8ef9a1b64f0e9c7a3b2d1e0f4a5b"), """
            {"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-abc on requests per \
            min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.","type":"requests",\
            "param":null,"code":"rate_limit_exceeded"}}"""),
    /** Out of quota: a 429 that must not be retried. */
    OPENAI_QUOTA_EXHAUSTED(Provider.OPENAI, 429, ProviderException.Kind.QUOTA_EXHAUSTED, null,
            Map.of("x-request-id", "req_5d2c8ef9a1b64f0e9c7a3b2d1e0f4a5c"), """
            {"error":{"message":"You exceeded your current quota, please check your plan and billing \
            details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""),
    OPENAI_SERVER_ERROR(Provider.OPENAI, 500, ProviderException.Kind.UNAVAILABLE, null,
            Map.of("x-request-id", "req_5d2c8ef9a1b64f0e9c7a3b2d1e0f4a5d"), """
            {"error":{"message":"The server had an error while processing your request. Sorry about that!",\
            "type":"server_error","param":null,"code":null}}"""),
    /** The retry delay is in the body's RetryInfo, not in a header. */
    GEMINI_RATE_LIMITED(Provider.GEMINI, 429, ProviderException.Kind.RATE_LIMITED, Duration.ofSeconds(26),
            Map.of(), """
            {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and \
            billing details.","status":"RESOURCE_EXHAUSTED","details":[\
            {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":\
            "generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":\
            "GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"location":"global",\
            "model":"gemini-2.0-flash"},"quotaValue":"15"}]},\
            {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more about \
            Gemini API quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},\
            {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"26s"}]}}"""),
    GEMINI_OVERLOADED(Provider.GEMINI, 503, ProviderException.Kind.UNAVAILABLE, null, Map.of(), """
            {"error":{"code":503,"message":"The model is overloaded. Please try again later.",\
            "status":"UNAVAILABLE"}}""");

    private final Provider provider;
    private final int status;
    private final ProviderException.Kind kind;
    private final Duration retryAfter;
    private final Map<String, String> headers;
    private final String body;

    ProviderError(Provider provider, int status, ProviderException.Kind kind, Duration retryAfter,
                  Map<String, String> headers, String body) {
        this.provider = provider;
        this.status = status;
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.headers = headers;
        this.body = body;
    }

    public Provider provider() {
        return provider;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    /** The kind a generation call must throw. */
    public ProviderException.Kind kind() {
        return kind;
    }

    /** The retry delay a generation call must report. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
