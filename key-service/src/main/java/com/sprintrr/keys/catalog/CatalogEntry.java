package com.sprintrr.keys.catalog;

import java.util.List;

/** One provider as the UI offers it: {@code GET /v1/byok/providers}. */
public record CatalogEntry(String provider, String displayName, String defaultModel, List<String> models) {

    public CatalogEntry {
        models = List.copyOf(models);
    }

    public boolean offers(String model) {
        return models.contains(model);
    }
}
