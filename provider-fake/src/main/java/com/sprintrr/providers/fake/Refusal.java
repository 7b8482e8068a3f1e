package com.sprintrr.providers.fake;

import com.sprintrr.providers.KeyCheck;
import com.sprintrr.providers.Provider;
import java.util.Map;

/** Each provider's documented key refusals, with the reason validation must read from them. */
// Bodies echo the key where the real provider does, so tests can prove it never travels on.
public enum Refusal {

    ANTHROPIC_INVALID(Provider.ANTHROPIC, 401, KeyCheck.Reason.INVALID, """
            {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},\
            "request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"""),
    ANTHROPIC_PERMISSION(Provider.ANTHROPIC, 403, KeyCheck.Reason.LACKS_PERMISSION, """
            {"type":"error","error":{"type":"permission_error","message":"Your API key does not have \
            permission to use the specified resource."},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fz"}"""),
    /** Echoes a masked key like the real API. */
    OPENAI_INVALID(Provider.OPENAI, 401, KeyCheck.Reason.INVALID, """
            {"error":{"message":"Incorrect API key provided: %s. You can find your API key at \
            https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,\
            "code":"invalid_api_key"}}"""),
    /** A restricted key missing a scope: also 401, but code null. */
    OPENAI_MISSING_SCOPE(Provider.OPENAI, 401, KeyCheck.Reason.LACKS_PERMISSION, """
            {"error":{"message":"You have insufficient permissions for this operation. Missing scopes: \
            model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) \
            and project (Member, Owner), and if you're using a restricted API key, that it has the \
            necessary scopes.","type":"invalid_request_error","param":null,"code":null}}"""),
    /** Gemini says "invalid key" with 400, not 401. */
    GEMINI_INVALID(Provider.GEMINI, 400, KeyCheck.Reason.INVALID, """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",\
            "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
            "reason":"API_KEY_INVALID","domain":"googleapis.com",\
            "metadata":{"service":"generativelanguage.googleapis.com"}}]}}"""),
    /** Echoes the whole key like the real API. */
    GEMINI_SUSPENDED(Provider.GEMINI, 403, KeyCheck.Reason.SUSPENDED, """
            {"error":{"code":403,"message":"Permission denied: Consumer 'api_key:%s' has been suspended.",\
            "status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
            "reason":"CONSUMER_SUSPENDED","domain":"googleapis.com",\
            "metadata":{"service":"generativelanguage.googleapis.com"}}]}}"""),
    GEMINI_BLOCKED(Provider.GEMINI, 403, KeyCheck.Reason.SUSPENDED, """
            {"error":{"code":403,"message":"Requests to this API generativelanguage.googleapis.com method \
            google.ai.generativelanguage.v1beta.ModelService.ListModels are blocked.",\
            "status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
            "reason":"API_KEY_SERVICE_BLOCKED","domain":"googleapis.com",\
            "metadata":{"service":"generativelanguage.googleapis.com"}}]}}"""),
    /** No reason detail: only the message says so. */
    GEMINI_LEAKED(Provider.GEMINI, 403, KeyCheck.Reason.SUSPENDED, """
            {"error":{"code":403,"message":"Your API key was reported as leaked. Please use another API key.",\
            "status":"PERMISSION_DENIED"}}"""),
    /** Any other 403 is a permission problem, not a dead key. */
    GEMINI_PERMISSION_DENIED(Provider.GEMINI, 403, KeyCheck.Reason.LACKS_PERMISSION, """
            {"error":{"code":403,"message":"Method doesn't allow unregistered callers (callers without \
            established identity). Please use API Key or other form of API consumer identity to call this \
            API.","status":"PERMISSION_DENIED"}}""");

    private final Provider provider;
    private final int status;
    private final KeyCheck.Reason reason;
    private final String bodyTemplate;

    Refusal(Provider provider, int status, KeyCheck.Reason reason, String bodyTemplate) {
        this.provider = provider;
        this.status = status;
        this.reason = reason;
        this.bodyTemplate = bodyTemplate;
    }

    public Provider provider() {
        return provider;
    }

    public int status() {
        return status;
    }

    /** How validateKey must classify this refusal (generation calls give KEY_REJECTED for all). */
    public KeyCheck.Reason reason() {
        return reason;
    }

    /** The body the provider sends for this key. */
    public String body(String key) {
        return bodyTemplate.replace("%s", this == OPENAI_INVALID ? masked(key) : key);
    }

    /** Anthropic sends a request-id header with every error; the others send none that matters. */
    public Map<String, String> headers() {
        return provider == Provider.ANTHROPIC ? Map.of("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy") : Map.of();
    }

    private static String masked(String key) {
        return key.length() <= 10 ? "***" : key.substring(0, 6) + "*".repeat(key.length() - 10)
                + key.substring(key.length() - 4);
    }
}
