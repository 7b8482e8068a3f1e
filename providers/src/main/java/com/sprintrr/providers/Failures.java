package com.sprintrr.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.providers.ProviderException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Turns statuses, error bodies and transport failures into our exceptions and sentences. */
// Provider text can echo the key (OpenAI masks it, Gemini does not), so none of it is passed on.
final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    /** A non-2xx answer; error is the body's top-level "error" object (missing when there is none). */
    static ProviderException fromResponse(Wire wire, int status, HttpHeaders headers, JsonNode error) {
        Provider provider = wire.provider();
        LOG.debugf("%s answered HTTP %d", provider.id(), status);
        Optional<KeyCheck.Reason> refusal = wire.refusal(status, error);
        if (refusal.isPresent()) {
            return failure(provider, Kind.KEY_REJECTED, status, refusalMessage(provider, refusal.get()));
        }
        if (status == 429) {
            if (wire.quotaExhausted(error)) {
                return failure(provider, Kind.QUOTA_EXHAUSTED, status,
                        provider.label() + " reports that the account's quota is exhausted.");
            }
            Duration retryAfter = seconds(headers.firstValue("retry-after").orElse(null))
                    .or(() -> wire.retryDelay(error))
                    .orElse(null);
            return new ProviderException(provider, Kind.RATE_LIMITED, status, retryAfter, false,
                    provider.label() + " is rate limiting this key (HTTP 429).");
        }
        // Anthropic's 529 "overloaded" is covered here too.
        if (status >= 500) {
            return failure(provider, Kind.UNAVAILABLE, status,
                    provider.label() + " is unavailable or overloaded (HTTP " + status + ").");
        }
        if (status >= 400) {
            return failure(provider, Kind.BAD_REQUEST, status,
                    provider.label() + " refused the request (HTTP " + status + ").");
        }
        return failure(provider, Kind.PROTOCOL, status,
                provider.label() + " answered with an unexpected HTTP " + status + ".");
    }

    static String refusalMessage(Provider provider, KeyCheck.Reason reason) {
        return switch (reason) {
            case INVALID -> provider.label() + " rejected the key as invalid.";
            case LACKS_PERMISSION -> provider.label() + " refused the key: it lacks a permission this call needs.";
            case SUSPENDED -> provider.label() + " refused the key as suspended, blocked or reported leaked.";
        };
    }

    /** The key cannot even be put in a header (control characters, spaces, empty). */
    static String unsendableKeyMessage(Provider provider) {
        return "The key contains characters no " + provider.label() + " key has.";
    }

    static ProviderException unsendableKey(Provider provider) {
        return failure(provider, Kind.KEY_REJECTED, 0, unsendableKeyMessage(provider));
    }

    /** A failure before any response: timeouts, refused connections, broken sockets. */
    static ProviderException transport(Provider provider, Throwable cause, Duration timeout) {
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new ProviderException(provider, Kind.UNAVAILABLE, 0, null, false,
                    "Could not connect to " + provider.label() + ".", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(provider, timeout);
        }
        if (cause instanceof IOException) {
            return new ProviderException(provider, Kind.UNAVAILABLE, 0, null, false,
                    "The connection to " + provider.label() + " failed.", cause);
        }
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        throw new IllegalStateException("unexpected failure calling " + provider.id(), cause);
    }

    static ProviderException timeout(Provider provider, Duration timeout) {
        return failure(provider, Kind.TIMEOUT, 0,
                provider.label() + " did not answer within " + readable(timeout) + ".");
    }

    static ProviderException interrupted(Provider provider) {
        return failure(provider, Kind.UNAVAILABLE, 0,
                "The call to " + provider.label() + " was interrupted.");
    }

    static ProviderException brokenStream(Provider provider, IOException cause) {
        return new ProviderException(provider, Kind.UNAVAILABLE, 0, null, false,
                "The connection to " + provider.label() + " broke during the stream.", cause);
    }

    static ProviderException truncated(Provider provider) {
        return failure(provider, Kind.UNAVAILABLE, 0,
                provider.label() + " ended the stream before the answer was complete.");
    }

    static ProviderException streamError(Provider provider, boolean rateLimited) {
        return rateLimited
                ? failure(provider, Kind.RATE_LIMITED, 0, provider.label() + " rate limited the stream.")
                : failure(provider, Kind.UNAVAILABLE, 0, provider.label() + " reported an error during the stream.");
    }

    static ProviderException protocol(Provider provider) {
        return failure(provider, Kind.PROTOCOL, 0,
                provider.label() + " sent a response we could not understand.");
    }

    static ProviderException badModel(Provider provider) {
        return failure(provider, Kind.BAD_REQUEST, 0,
                "The model name is not a valid " + provider.label() + " model identifier.");
    }

    /** How a failed validation call reads to key-service. */
    static KeyCheck.Unavailable unavailable(ProviderException failure) {
        String reason = switch (failure.kind()) {
            case RATE_LIMITED, QUOTA_EXHAUSTED -> "rate_limited";
            case TIMEOUT -> "timeout";
            case UNAVAILABLE -> failure.httpStatus() == 0 ? "unreachable" : "provider_error";
            case KEY_REJECTED, BAD_REQUEST, PROTOCOL -> "provider_error";
        };
        return new KeyCheck.Unavailable(reason, failure.getMessage());
    }

    /** Seconds as a retry-after header ("7") or a protobuf Duration ("26s", "1.5s") writes them. */
    static Optional<Duration> seconds(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String number = value.strip();
        if (number.endsWith("s")) {
            number = number.substring(0, number.length() - 1);
        }
        try {
            BigDecimal seconds = new BigDecimal(number);
            if (seconds.signum() < 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValueExact()));
        } catch (NumberFormatException | ArithmeticException e) {
            // An HTTP-date or garbage: no hint rather than a wrong one.
            return Optional.empty();
        }
    }

    private static ProviderException failure(Provider provider, Kind kind, int status, String message) {
        return new ProviderException(provider, kind, status, null, false, message);
    }

    private static String readable(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
