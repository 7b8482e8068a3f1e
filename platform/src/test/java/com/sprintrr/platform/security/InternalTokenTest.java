package com.sprintrr.platform.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which Authorization values open internal paths; the HTTP side is in PlatformTest. */
class InternalTokenTest {

    private static final String OLD = "old-internal-token-0123456789abcdef";
    private static final String NEW = "new-internal-token-0123456789abcdef";

    @Test
    void theCurrentTokenAloneIsAccepted() {
        InternalToken guard = new InternalToken(Optional.of(OLD), Optional.empty());

        assertTrue(guard.accepts("Bearer " + OLD));
        assertFalse(guard.accepts("Bearer " + NEW));
        assertFalse(guard.accepts(OLD));
        assertFalse(guard.accepts(null));
    }

    @Test
    void duringARotationBothTokensAreAcceptedAndNothingElse() {
        InternalToken guard = new InternalToken(Optional.of(NEW), Optional.of(" " + OLD + " "));

        assertTrue(guard.accepts("Bearer " + NEW));
        assertTrue(guard.accepts("Bearer " + OLD));
        assertFalse(guard.accepts("Bearer " + OLD + "x"));
        assertFalse(guard.accepts("Bearer "));
    }

    @Test
    void anAlsoAcceptedTokenWithoutACurrentOneOpensNothing() {
        InternalToken guard = new InternalToken(Optional.empty(), Optional.of(OLD));

        assertFalse(guard.accepts("Bearer " + OLD));
        assertFalse(guard.accepts("Bearer "));
    }

    @Test
    void blankSettingsCountAsUnset() {
        InternalToken guard = new InternalToken(Optional.of(NEW), Optional.of("   "));

        assertTrue(guard.accepts("Bearer " + NEW));
        assertFalse(guard.accepts("Bearer    "));
        assertFalse(guard.accepts("Bearer "));
    }

    @Test
    void aProductionStartNeedsLongEnoughTokens() {
        assertTrue(new InternalToken(Optional.of(NEW), Optional.of(OLD)).startupRefusal().isEmpty());
        assertTrue(new InternalToken(Optional.of(NEW), Optional.empty()).startupRefusal().isEmpty());
        assertTrue(new InternalToken(Optional.empty(), Optional.empty()).startupRefusal().isPresent());
        assertTrue(new InternalToken(Optional.of("short"), Optional.empty()).startupRefusal().isPresent());
        assertTrue(new InternalToken(Optional.of(NEW), Optional.of("short")).startupRefusal().isPresent());
    }
}
