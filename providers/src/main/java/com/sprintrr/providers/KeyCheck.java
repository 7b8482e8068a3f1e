package com.sprintrr.providers;

import java.util.Objects;

/** Outcome of validating a key with the provider's no-token models-list call. */
public sealed interface KeyCheck {

    /** Why a provider refused a key. */
    enum Reason { INVALID, LACKS_PERMISSION, SUSPENDED }

    /** The provider accepted the key. */
    record Valid() implements KeyCheck {
    }

    /** The provider refused the key; the message is ours, never the provider's text. */
    record Rejected(Reason reason, String message) implements KeyCheck {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The provider could not tell; reason: "rate_limited", "provider_error", "timeout" or "unreachable". */
    record Unavailable(String reason, String message) implements KeyCheck {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
