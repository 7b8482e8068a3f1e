package com.sprintrr.credits.settlement;

import java.util.Locale;

/** What settling one event did. */
public enum Outcome {
    /** A succeeded credits event debited its open hold's amount. */
    CAPTURED,
    /** A succeeded credits event whose hold had expired or never existed was charged anyway (once), in full. */
    CHARGED_WITHOUT_HOLD,
    /**
     * Like {@link #CHARGED_WITHOUT_HOLD}, but the account had less available than the charge: it paid
     * what it had and the rest is recorded as uncollectable.
     */
    PARTLY_UNCOLLECTABLE,
    /** A failed credits event released its open hold. */
    RELEASED,
    /** A failed credits event found nothing to release (its hold had expired or never existed). */
    NOTHING_TO_RELEASE,
    /** The generation was settled before: a redelivery or replay, ignored. */
    DUPLICATE,
    /** A byok event: never changes a balance. */
    BYOK;

    /** The metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
