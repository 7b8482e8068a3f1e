package com.sprintrr.generation.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.providers.Provider;

/**
 * key-service and credit-service as generation-service sees them: their internal endpoints,
 * stubbed per account on one WireMock server, only answering with the service token.
 */
public final class InternalFake implements AutoCloseable {

    public static final String SERVICE_TOKEN = "Bearer test-internal-token-not-for-production";

    private final WireMockServer server;

    private InternalFake(WireMockServer server) {
        this.server = server;
    }

    public static InternalFake start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return new InternalFake(server);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    public void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }

    // --- key-service ---

    /** BYOK on with this provider, model and (decrypted) key. */
    public void byokOn(String account, Provider provider, String model, String apiKey) {
        byokOn(account, provider, model, apiKey, null);
    }

    /** BYOK on with this provider, model, (decrypted) key and key version (left out when null). */
    public void byokOn(String account, Provider provider, String model, String apiKey, Long keyVersion) {
        byokOn(account, provider, model, apiKey, keyVersion, null, Duration.ZERO);
    }

    /**
     * BYOK on as key-service answers since issue 12: with the account's stateVersion (left out when
     * null), the credential answered after delay.
     */
    public void byokOn(String account, Provider provider, String model, String apiKey, Long keyVersion, Long stateVersion,
            Duration delay) {
        String version = stateVersion == null ? "" : ",\"stateVersion\":" + stateVersion;
        server.stubFor(authorized(get(urlPathEqualTo(settingsPath(account))))
                .willReturn(json(200, "{\"enabled\":true,\"activeProvider\":\"" + provider.id() + "\",\"model\":\""
                        + model + "\"" + version + "}")));
        server.stubFor(authorized(post(urlPathEqualTo(credentialPath(account))))
                .willReturn(json(200, "{\"provider\":\"" + provider.id() + "\",\"model\":\"" + model
                        + "\",\"apiKey\":\"" + apiKey + "\""
                        + (keyVersion == null ? "" : ",\"keyVersion\":" + keyVersion) + version + "}")
                        .withHeader("Cache-Control", "no-store")
                        .withFixedDelay(Math.toIntExact(delay.toMillis()))));
    }

    /** BYOK off at this stateVersion: the 409 byok_disabled problem carries it, as key-service's does since issue 12. */
    public void byokOff(String account, long stateVersion) {
        server.stubFor(authorized(get(urlPathEqualTo(settingsPath(account))))
                .willReturn(json(200, "{\"enabled\":false,\"activeProvider\":null,\"model\":null,\"stateVersion\":"
                        + stateVersion + "}")));
        server.stubFor(authorized(post(urlPathEqualTo(credentialPath(account))))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":409,\"code\":\"byok_disabled\",\"stateVersion\":" + stateVersion + "}")));
    }

    /** BYOK on, but key-service cannot decrypt the stored key: it answers the credential with this status and key_unreadable. */
    public void byokKeyUnreadable(String account, Provider provider, String model, int status) {
        server.stubFor(authorized(get(urlPathEqualTo(settingsPath(account))))
                .willReturn(json(200, "{\"enabled\":true,\"activeProvider\":\"" + provider.id() + "\",\"model\":\""
                        + model + "\"}")));
        server.stubFor(authorized(post(urlPathEqualTo(credentialPath(account)))).willReturn(problem(status, "key_unreadable")));
    }

    /** BYOK off: settings say so, the credential endpoint answers 409 byok_disabled. */
    public void byokOff(String account) {
        server.stubFor(authorized(get(urlPathEqualTo(settingsPath(account))))
                .willReturn(json(200, "{\"enabled\":false,\"activeProvider\":null,\"model\":null}")));
        server.stubFor(authorized(post(urlPathEqualTo(credentialPath(account))))
                .willReturn(problem(409, "byok_disabled")));
    }

    /** key-service cannot be reached for this account (connection reset). */
    public void keyServiceDown(String account) {
        server.stubFor(get(urlPathEqualTo(settingsPath(account)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(post(urlPathEqualTo(credentialPath(account)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    public List<LoggedRequest> settingsRequests(String account) {
        return server.findAll(getRequestedFor(urlPathEqualTo(settingsPath(account))));
    }

    public List<LoggedRequest> credentialRequests(String account) {
        return server.findAll(postRequestedFor(urlPathEqualTo(credentialPath(account))));
    }

    // --- credit-service ---

    /** Holds are granted at this amount; credits read as this many available. */
    public void creditsAvailable(String account, long available, long holdAmount) {
        server.stubFor(authorized(post(urlPathEqualTo(holdsPath(account))))
                .willReturn(json(201, "{\"generationId\":\"any\",\"amount\":" + holdAmount
                        + ",\"status\":\"held\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}")));
        server.stubFor(authorized(get(urlPathEqualTo(creditsPath(account))))
                .willReturn(json(200, "{\"plan\":\"free-trial\",\"balance\":" + available + ",\"held\":0,\"available\":"
                        + available + ",\"monthlyAllowance\":50}")));
    }

    /** Holds are refused with 402 insufficient_credits. */
    public void creditsExhausted(String account, long available, long required) {
        server.stubFor(authorized(post(urlPathEqualTo(holdsPath(account))))
                .willReturn(aResponse().withStatus(402).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://docs.sprintrr.com/problems/insufficient_credits\",\"title\":"
                                + "\"Insufficient credits\",\"status\":402,\"code\":\"insufficient_credits\","
                                + "\"available\":" + available + ",\"required\":" + required + "}")));
        server.stubFor(authorized(get(urlPathEqualTo(creditsPath(account))))
                .willReturn(json(200, "{\"plan\":\"free-trial\",\"balance\":" + available + ",\"held\":0,\"available\":"
                        + available + ",\"monthlyAllowance\":50}")));
    }

    /** credit-service answers 503 for this account. */
    public void creditServiceDown(String account) {
        server.stubFor(post(urlPathEqualTo(holdsPath(account))).willReturn(problem(503, "unavailable")));
        server.stubFor(get(urlPathEqualTo(creditsPath(account))).willReturn(problem(503, "unavailable")));
    }

    /** Holds answer this status and body (e.g. an unreadable hold), after this delay (a timeout when long enough). */
    public void holdAnswers(String account, int status, String body, Duration delay) {
        server.stubFor(authorized(post(urlPathEqualTo(holdsPath(account))))
                .willReturn(json(status, body).withFixedDelay(Math.toIntExact(delay.toMillis()))));
    }

    public List<LoggedRequest> holdRequests(String account) {
        return server.findAll(postRequestedFor(urlPathEqualTo(holdsPath(account))));
    }

    // --- building ---

    private static MappingBuilder authorized(MappingBuilder mapping) {
        return mapping.withHeader("Authorization", equalTo(SERVICE_TOKEN));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder problem(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":" + status + ",\"code\":\"" + code + "\"}");
    }

    private static String settingsPath(String account) {
        return "/internal/v1/accounts/" + account + "/byok";
    }

    private static String credentialPath(String account) {
        return "/internal/v1/accounts/" + account + "/byok/credential";
    }

    private static String holdsPath(String account) {
        return "/internal/v1/accounts/" + account + "/holds";
    }

    private static String creditsPath(String account) {
        return "/internal/v1/accounts/" + account + "/credits";
    }
}
