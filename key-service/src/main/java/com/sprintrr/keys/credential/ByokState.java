package com.sprintrr.keys.credential;

/**
 * What generation-service needs to route a generation: no key, no hint. stateVersion is the
 * account's state version committed with this state (0: the account has never changed anything).
 */
public record ByokState(boolean enabled, String activeProvider, String model, long stateVersion) {

    public static final ByokState NONE = new ByokState(false, null, null, 0);
}
