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

    @Test
    void anthropicValidationListsOneModelWithKeyAndVersionHeaders() {
        fake.acceptKey(Provider.ANTHROPIC, key(Provider.ANTHROPIC));
        client.validateKey(Provider.ANTHROPIC, key(Provider.ANTHROPIC));

        LoggedRequest request = onlyRequest(Provider.ANTHROPIC);
        assertEquals("/anthropic/v1/models?limit=1", request.getUrl());
        assertEquals("2023-06-01", request.getHeader("anthropic-version"));
    }

    @Test
    void openaiValidationListsModelsWithBearerKey() {
        fake.acceptKey(Provider.OPENAI, key(Provider.OPENAI));
        client.validateKey(Provider.OPENAI, key(Provider.OPENAI));

        LoggedRequest request = onlyRequest(Provider.OPENAI);
        assertEquals("/openai/v1/models", request.getUrl());
        assertEquals("Bearer " + key(Provider.OPENAI), request.getHeader("Authorization"));
    }

    @Test
    void geminiValidationListsOneModelWithKeyInHeaderNotInUrl() {
        fake.acceptKey(Provider.GEMINI, key(Provider.GEMINI));
        client.validateKey(Provider.GEMINI, key(Provider.GEMINI));

        LoggedRequest request = onlyRequest(Provider.GEMINI);
        assertEquals("/gemini/v1beta/models?pageSize=1", request.getUrl());
        assertEquals(key(Provider.GEMINI), request.getHeader("x-goog-api-key"));
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
