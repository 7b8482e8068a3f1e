package com.sprintrr.keys.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code PUT /v1/byok/settings}: both fields are required, activeProvider may be null. */
public class SettingsRequest {

    private Boolean enabled;
    private String activeProvider;
    private boolean activeProviderPresent;

    @JsonProperty("enabled")
    void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty("activeProvider")
    void setActiveProvider(String activeProvider) {
        this.activeProvider = activeProvider;
        this.activeProviderPresent = true;
    }

    public Boolean enabled() {
        return enabled;
    }

    public String activeProvider() {
        return activeProvider;
    }

    public boolean activeProviderPresent() {
        return activeProviderPresent;
    }
}
