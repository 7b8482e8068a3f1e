package com.sprintrr.keys.persistence;

import com.sprintrr.keys.crypto.Sealed;
import com.sprintrr.providers.Provider;

/**
 * The settings joined with the active provider's key; provider, model, sealed and keyVersion are
 * null without one. stateVersion is the account's state version read with them.
 */
public record ActiveKeyRow(boolean enabled, Provider activeProvider, String model, Sealed sealed, Long keyVersion,
        long stateVersion) {
}
