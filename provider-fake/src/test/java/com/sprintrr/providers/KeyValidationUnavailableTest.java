package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sprintrr.providers.fake.ProviderError;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** When the provider cannot say whether a key is good, validation says so instead of guessing. */
class KeyValidationUnavailableTest extends AgainstFake {

    @ParameterizedTest
    @EnumSource(value = ProviderError.class, names = {"ANTHROPIC_RATE_LIMITED", "OPENAI_RATE_LIMITED", "GEMINI_RATE_LIMITED"})
    void rateLimitedValidationIsUnavailableRateLimited(ProviderError error) {
        fake.failModels(error);

        assertEquals("rate_limited", unavailable(error.provider()).reason());
    }

    @ParameterizedTest
    @CsvSource({
        "ANTHROPIC, 529", "ANTHROPIC, 500", "OPENAI, 500", "OPENAI, 503", "GEMINI, 503", "GEMINI, 500",
        "OPENAI, 404", "GEMINI, 302",
    })
    void providerErrorsAndUnexpectedStatusesAreUnavailableProviderError(Provider provider, int status) {
        fake.failModels(provider, status, "<html>upstream error</html>");

        assertEquals("provider_error", unavailable(provider).reason());
    }

    @Test
    void slowProviderIsUnavailableTimeoutWithinTheValidationTimeout() {
        fake.delayModels(Provider.GEMINI, Duration.ofSeconds(3));
        ProviderClient impatient = clientWithTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5));

        long started = System.nanoTime();
        KeyCheck check = impatient.validateKey(Provider.GEMINI, key(Provider.GEMINI));

        assertEquals("timeout", assertInstanceOf(KeyCheck.Unavailable.class, check).reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void refusedConnectionIsUnavailableUnreachable(Provider provider) {
        KeyCheck check = clientOfClosedPort().validateKey(provider, key(provider));

        assertEquals("unreachable", assertInstanceOf(KeyCheck.Unavailable.class, check).reason());
    }

    @Test
    void unavailableMessageIsOurOwnSentence() {
        fake.failModels(Provider.ANTHROPIC, 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

        assertEquals("Anthropic is unavailable or overloaded (HTTP 529).", unavailable(Provider.ANTHROPIC).message());
    }

    private KeyCheck.Unavailable unavailable(Provider provider) {
        return assertInstanceOf(KeyCheck.Unavailable.class, client.validateKey(provider, key(provider)));
    }
}
