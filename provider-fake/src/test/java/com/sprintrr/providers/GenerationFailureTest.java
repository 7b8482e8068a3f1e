package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sprintrr.providers.ProviderException.Kind;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.Refusal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a failed generation call is classified, plain and streamed alike. */
class GenerationFailureTest extends AgainstFake {

    @ParameterizedTest
    @CsvSource({
        "ANTHROPIC_RATE_LIMITED, false, RATE_LIMITED, 7",
        "ANTHROPIC_RATE_LIMITED, true, RATE_LIMITED, 7",
        "ANTHROPIC_OVERLOADED, false, UNAVAILABLE, ",
        "ANTHROPIC_OVERLOADED, true, UNAVAILABLE, ",
        "OPENAI_RATE_LIMITED, false, RATE_LIMITED, 20",
        "OPENAI_RATE_LIMITED, true, RATE_LIMITED, 20",
        "OPENAI_QUOTA_EXHAUSTED, false, QUOTA_EXHAUSTED, ",
        "OPENAI_QUOTA_EXHAUSTED, true, QUOTA_EXHAUSTED, ",
        "OPENAI_SERVER_ERROR, false, UNAVAILABLE, ",
        "GEMINI_RATE_LIMITED, false, RATE_LIMITED, 26",
        "GEMINI_RATE_LIMITED, true, RATE_LIMITED, 26",
        "GEMINI_OVERLOADED, false, UNAVAILABLE, ",
        "GEMINI_OVERLOADED, true, UNAVAILABLE, ",
    })
    void documentedErrorsGiveTheirKindAndRetryAfter(ProviderError error, boolean stream, Kind kind,
                                                    Long retryAfterSeconds) {
        fake.failGeneration(error);

        ProviderException failure = failure(client, error.provider(), stream);

        assertEquals(kind, failure.kind());
        assertEquals(Optional.ofNullable(retryAfterSeconds).map(Duration::ofSeconds), failure.retryAfter());
        assertEquals(error.status(), failure.httpStatus());
        assertFalse(failure.afterFirstDelta());
        assertEquals(error.kind(), failure.kind(), "the fake's documented expectation");
        assertEquals(error.retryAfter(), failure.retryAfter(), "the fake's documented expectation");
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyKeyRefusalIsKeyRejectedAndNotRetryable(Refusal refusal) {
        Provider provider = refusal.provider();
        fake.refuseGeneration(provider, key(provider), refusal);

        for (boolean stream : new boolean[] {false, true}) {
            ProviderException failure = failure(client, provider, stream);
            assertEquals(Kind.KEY_REJECTED, failure.kind());
            assertEquals(refusal.status(), failure.httpStatus());
        }
    }

    @ParameterizedTest
    @CsvSource({"ANTHROPIC, 400", "OPENAI, 400", "GEMINI, 400", "OPENAI, 404", "ANTHROPIC, 413", "GEMINI, 404"})
    void otherClientErrorsAreBadRequest(Provider provider, int status) {
        fake.failGeneration(provider, status, "{\"error\":{\"message\":\"model not found\",\"code\":" + status + "}}", Map.of());

        ProviderException failure = failure(client, provider, false);

        assertEquals(Kind.BAD_REQUEST, failure.kind());
    }

    @ParameterizedTest
    @CsvSource({"ANTHROPIC, 500", "ANTHROPIC, 529", "OPENAI, 503", "GEMINI, 500", "GEMINI, 504"})
    void serverErrorsAreUnavailableEvenWithAnHtmlBody(Provider provider, int status) {
        fake.failGeneration(provider, status, "<html>Bad gateway</html>", Map.of("Content-Type", "text/html"));

        assertEquals(Kind.UNAVAILABLE, failure(client, provider, true).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "2.5"})
    void retryAfterHeaderInSecondsWinsOverGeminiRetryInfo(String header) {
        fake.failGeneration(Provider.GEMINI, 429, ProviderError.GEMINI_RATE_LIMITED.body(), Map.of("retry-after", header));

        assertEquals(Optional.of(Duration.ofMillis((long) (Double.parseDouble(header) * 1000))),
                failure(client, Provider.GEMINI, false).retryAfter());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void rateLimitWithoutAnyDelayHintHasNoRetryAfter(Provider provider) {
        fake.failGeneration(provider, 429, "{}", Map.of("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"));

        ProviderException failure = failure(client, provider, false);

        assertEquals(Kind.RATE_LIMITED, failure.kind());
        assertEquals(Optional.empty(), failure.retryAfter());
    }

    @ParameterizedTest
    @CsvSource({"ANTHROPIC, false", "OPENAI, true", "GEMINI, false", "GEMINI, true"})
    void slowProviderTimesOutWithinTheRequestTimeout(Provider provider, boolean stream) {
        fake.withFixedDelay(Duration.ofSeconds(3)).replyRecorded(provider, stream);
        ProviderClient impatient = clientWithTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));

        long started = System.nanoTime();
        ProviderException failure = failure(impatient, provider, stream);

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void plainBodyThatKeepsComingAfterTheHeadersTimesOutWithinTheRequestTimeout(Provider provider) {
        fake.dribbleRecorded(provider, false, Duration.ofSeconds(3));
        ProviderClient impatient = clientWithTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));

        long started = System.nanoTime();
        ProviderException failure = failure(impatient, provider, false);

        assertEquals(Kind.TIMEOUT, failure.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
        assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt must not outlive the call");
    }

    @ParameterizedTest
    @CsvSource({"ANTHROPIC, false", "OPENAI, true", "GEMINI, false"})
    void refusedConnectionIsUnavailableWithoutStatus(Provider provider, boolean stream) {
        ProviderException failure = failure(clientOfClosedPort(), provider, stream);

        assertEquals(Kind.UNAVAILABLE, failure.kind());
        assertEquals(0, failure.httpStatus());
    }

    @ParameterizedTest
    @CsvSource({
        "ANTHROPIC, 'not json at all'", "OPENAI, '{\"object\":\"chat.completion\"}'",
        "GEMINI, '{\"usageMetadata\":{\"promptTokenCount\":7}}'", "ANTHROPIC, '{\"content\":\"oops\",\"usage\":{}}'",
        "OPENAI, '[1,2]'", "GEMINI, ''",
    })
    void successBodyThatIsNotTheFormatIsProtocol(Provider provider, String body) {
        fake.replyGeneration(provider, false, body);

        ProviderException failure = failure(client, provider, false);

        assertEquals(Kind.PROTOCOL, failure.kind());
    }
}
