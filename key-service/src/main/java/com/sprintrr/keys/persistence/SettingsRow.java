package com.sprintrr.keys.persistence;

import com.sprintrr.providers.Provider;

/** An account's BYOK switch and active provider (null when none). */
public record SettingsRow(boolean enabled, Provider activeProvider) {

    public static final SettingsRow NONE = new SettingsRow(false, null);
}
