package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sprintrr.providers.fake.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The models-list call: which key is valid, and how each documented refusal reads. */
class KeyValidationTest extends AgainstFake {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void acceptedKeyIsValid(Provider provider) {
        fake.acceptKey(provider, key(provider));

        assertEquals(new KeyCheck.Valid(), client.validateKey(provider, key(provider)));
    }

    /**
     * Anthropic lists one model with key and version headers, OpenAI lists models with a bearer key,
     * Gemini lists one model with the key in a header, never in the URL.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ANTHROPIC | /anthropic/v1/models?limit=1    | anthropic-version | 2023-06-01
        OPENAI    | /openai/v1/models               | Authorization     | Bearer {key}
        GEMINI    | /gemini/v1beta/models?pageSize=1 | x-goog-api-key    | {key}
        """)
    void validationListsModelsAtTheProvidersPathWithItsHeaders(Provider provider, String url, String header,
            String value) {
        fake.acceptKey(provider, key(provider));
        client.validateKey(provider, key(provider));

        LoggedRequest request = onlyRequest(provider);
        assertEquals(url, request.getUrl());
        assertEquals(value.replace("{key}", key(provider)), request.getHeader(header));
    }

    @Test
    void geminiKeyOfTheNewerAqShapeIsJudgedByTheProviderNotByItsPrefix() {
        String key = "AQ.Ab8RN6LxQ0mZ4vT2wK9pS7dF3hJ1gY5cU";
        fake.acceptKey(Provider.GEMINI, key);

        assertEquals(new KeyCheck.Valid(), client.validateKey(Provider.GEMINI, key));
    }

    @Test
    void keyTheFakeDoesNotKnowIsNotValid() {
        fake.acceptKey(Provider.OPENAI, key(Provider.OPENAI));

        assertInstanceOf(KeyCheck.Unavailable.class, client.validateKey(Provider.OPENAI, "sk-other"));
    }

    @ParameterizedTest
    @CsvSource({
        "ANTHROPIC_INVALID, INVALID",
        "ANTHROPIC_PERMISSION, LACKS_PERMISSION",
        "OPENAI_INVALID, INVALID",
        "OPENAI_MISSING_SCOPE, LACKS_PERMISSION",
        "GEMINI_INVALID, INVALID",
        "GEMINI_SUSPENDED, SUSPENDED",
        "GEMINI_BLOCKED, SUSPENDED",
        "GEMINI_LEAKED, SUSPENDED",
        "GEMINI_PERMISSION_DENIED, LACKS_PERMISSION",
    })
    void eachDocumentedRefusalIsRejectedForItsReason(Refusal refusal, KeyCheck.Reason reason) {
        Provider provider = refusal.provider();
        fake.refuseKey(provider, key(provider), refusal);

        KeyCheck.Rejected rejected = assertInstanceOf(KeyCheck.Rejected.class, client.validateKey(provider, key(provider)));

        assertEquals(reason, rejected.reason());
        assertEquals(refusal.reason(), rejected.reason(), "the fake's documented expectation");
    }

    @Test
    void rejectionMessageIsOurOwnSentence() {
        fake.refuseKey(Provider.ANTHROPIC, key(Provider.ANTHROPIC), Refusal.ANTHROPIC_INVALID);

        assertEquals(new KeyCheck.Rejected(KeyCheck.Reason.INVALID, "Anthropic rejected the key as invalid."),
                client.validateKey(Provider.ANTHROPIC, key(Provider.ANTHROPIC)));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void keyThatCannotGoInAHeaderIsInvalidWithoutCallingTheProvider(Provider provider) {
        KeyCheck check = client.validateKey(provider, "key with spaces");

        assertEquals(KeyCheck.Reason.INVALID, assertInstanceOf(KeyCheck.Rejected.class, check).reason());
        assertTrue(fake.modelsRequests(provider).isEmpty());
    }

    private LoggedRequest onlyRequest(Provider provider) {
        List<LoggedRequest> requests = fake.modelsRequests(provider);
        assertEquals(1, requests.size());
        return requests.get(0);
    }
}
