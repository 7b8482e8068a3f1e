package com.sprintrr.keys.catalog;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.sprintrr.keys.config.CatalogConfig;
import com.sprintrr.keys.problem.ByokProblems;
import com.sprintrr.providers.Provider;

import io.quarkus.runtime.Startup;

/**
 * The curated models per provider, read from {@code sprintrr.catalog} and checked at startup: a
 * model choice is always one of these, never free text.
 */
@Startup
@Singleton
public class Catalog {

    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final Map<Provider, CatalogEntry> entries = new EnumMap<>(Provider.class);

    Catalog(CatalogConfig config) {
        put(Provider.ANTHROPIC, config.anthropic());
        put(Provider.OPENAI, config.openai());
        put(Provider.GEMINI, config.gemini());
    }

    private void put(Provider provider, CatalogConfig.Entry config) {
        String prefix = "sprintrr.catalog." + provider.id();
        List<String> models = new ArrayList<>(new LinkedHashSet<>(config.models().stream().map(String::strip)
                .filter(m -> !m.isEmpty()).toList()));
        if (models.isEmpty()) {
            throw new IllegalStateException(prefix + ".models lists no model.");
        }
        for (String model : models) {
            if (!MODEL.matcher(model).matches()) {
                throw new IllegalStateException(prefix + ".models has an invalid model name '" + model + "'.");
            }
        }
        String defaultModel = config.defaultModel().strip();
        if (!models.contains(defaultModel)) {
            throw new IllegalStateException(prefix + ".default-model '" + defaultModel + "' is not in " + prefix + ".models.");
        }
        String displayName = config.displayName().map(String::strip).filter(s -> !s.isEmpty())
                .orElse(provider.displayName());
        entries.put(provider, new CatalogEntry(provider.id(), displayName, defaultModel, models));
    }

    /** All providers in their fixed order. */
    public List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    public CatalogEntry entry(Provider provider) {
        return entries.get(provider);
    }

    /** The model a request chose, or the default for null; 400 {@code unsupported_model} for anything else. */
    public String choose(Provider provider, String requested) {
        CatalogEntry entry = entries.get(provider);
        if (requested == null) {
            return entry.defaultModel();
        }
        if (!entry.offers(requested)) {
            throw ByokProblems.unsupportedModel(provider, entry.displayName(), entry.models());
        }
        return requested;
    }

    /**
     * The model to use for a stored choice: the choice while it is still curated, else the default
     * (a model removed from the catalog must not keep being sent to the provider).
     */
    public String effective(Provider provider, String stored) {
        CatalogEntry entry = entries.get(provider);
        return stored != null && entry.offers(stored) ? stored : entry.defaultModel();
    }
}
