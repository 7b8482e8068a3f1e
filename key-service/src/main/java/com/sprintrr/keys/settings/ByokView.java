package com.sprintrr.keys.settings;

import com.sprintrr.keys.saving.KeySummary;

import java.util.List;

/** {@code GET /v1/byok}: the switch, the active provider and every stored key's summary. */
public record ByokView(boolean enabled, String activeProvider, List<KeySummary> keys) {
}
