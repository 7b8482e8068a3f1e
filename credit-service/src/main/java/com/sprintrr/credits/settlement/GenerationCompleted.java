package com.sprintrr.credits.settlement;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.sprintrr.credits.config.Mode;

/**
 * The parts of a {@code generation-completed} event the ledger acts on. {@code mode} is set for
 * every credits event and may be null for a byok one.
 */
public record GenerationCompleted(UUID eventId, UUID generationId, String accountId, Source source, Status status, Mode mode) {

    /** Who paid for the generation. */
    public enum Source {
        CREDITS,
        BYOK;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The source with exactly this lowercase id; empty for null or anything else. */
        public static Optional<Source> fromId(String id) {
            for (Source source : values()) {
                if (source.id().equals(id)) {
                    return Optional.of(source);
                }
            }
            return Optional.empty();
        }
    }

    /** How the generation ended. */
    public enum Status {
        SUCCEEDED,
        FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status with exactly this lowercase id; empty for null or anything else. */
        public static Optional<Status> fromId(String id) {
            for (Status status : values()) {
                if (status.id().equals(id)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }
}
