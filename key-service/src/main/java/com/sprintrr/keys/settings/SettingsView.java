package com.sprintrr.keys.settings;

/** {@code PUT /v1/byok/settings}' answer. */
public record SettingsView(boolean enabled, String activeProvider) {
}
