package com.sprintrr.keys.credential;

/** What generation-service needs to route a generation: no key, no hint. */
public record ByokState(boolean enabled, String activeProvider, String model) {

    public static final ByokState NONE = new ByokState(false, null, null);
}
