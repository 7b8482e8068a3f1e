package com.sprintrr.providers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A failed provider call; its message is ours and never carries the key or the provider's text. */
public class ProviderException extends RuntimeException {

    /** What went wrong, as far as the caller needs to decide what to do next. */
    public enum Kind { KEY_REJECTED, RATE_LIMITED, QUOTA_EXHAUSTED, UNAVAILABLE, TIMEOUT, BAD_REQUEST, PROTOCOL }

    private final Provider provider;
    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;
    private final boolean afterFirstDelta;

    /** httpStatus is 0 when no response came; retryAfter may be null. */
    public ProviderException(Provider provider, Kind kind, int httpStatus, Duration retryAfter,
                             boolean afterFirstDelta, String message) {
        this(provider, kind, httpStatus, retryAfter, afterFirstDelta, message, null);
    }

    ProviderException(Provider provider, Kind kind, int httpStatus, Duration retryAfter,
                      boolean afterFirstDelta, String message, Throwable cause) {
        super(message, cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.afterFirstDelta = afterFirstDelta;
    }

    public Provider provider() {
        return provider;
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's HTTP status, 0 when there was none (transport failure, stream error event). */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when a stream failed after at least one delta reached the caller's consumer. */
    public boolean afterFirstDelta() {
        return afterFirstDelta;
    }

    /** The same failure, marked as happening after deltas were delivered. */
    ProviderException markedAfterFirstDelta() {
        ProviderException marked = new ProviderException(provider, kind, httpStatus, retryAfter, true,
                getMessage(), getCause());
        marked.setStackTrace(getStackTrace());
        return marked;
    }
}
