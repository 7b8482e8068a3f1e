package com.sprintrr.generation.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.credits.CreditGateway;
import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.keys.ByokSettings;
import com.sprintrr.generation.keys.KeyGateway;
import com.sprintrr.platform.problem.ProblemException;

/**
 * What the generate modal shows. A downstream that cannot answer makes its part unknown (listed
 * under "unknown") instead of failing the call: credit-service down → credits "available" is null;
 * key-service down → no byok entry and "defaultSource" null, since it depends on BYOK.
 */
@ApplicationScoped
public class GenerationOptions {

    public static final String UNKNOWN_CREDITS = "credits";
    public static final String UNKNOWN_BYOK = "byok";

    private final KeyGateway keys;
    private final CreditGateway credits;
    private final RouteResolver routes;

    @Inject
    GenerationOptions(KeyGateway keys, CreditGateway credits, RouteResolver routes) {
        this.keys = keys;
        this.credits = credits;
        this.routes = routes;
    }

    public Map<String, Object> forAccount(String accountId) {
        List<String> unknown = new ArrayList<>();
        ByokSettings byok = null;
        try {
            byok = keys.settings(accountId);
        } catch (ProblemException keyServiceDown) {
            unknown.add(UNKNOWN_BYOK);
        }
        OptionalLong available = credits.available(accountId);
        if (available.isEmpty()) {
            unknown.add(UNKNOWN_CREDITS);
        }

        List<Map<String, Object>> sources = new ArrayList<>();
        Map<String, Object> creditsOption = new LinkedHashMap<>();
        creditsOption.put("source", Source.CREDITS.id());
        creditsOption.put("available", available.isPresent() ? available.getAsLong() : null);
        creditsOption.put("modeSelectable", true);
        creditsOption.put("modes", List.of(Mode.QUALITY.id(), Mode.SPEED.id()));
        creditsOption.put("defaultMode", routes.defaultMode().id());
        sources.add(creditsOption);
        if (byok != null && byok.enabled()) {
            Map<String, Object> byokOption = new LinkedHashMap<>();
            byokOption.put("source", Source.BYOK.id());
            byokOption.put("provider", byok.activeProvider().get().id());
            byokOption.put("model", byok.model().orElse(null));
            byokOption.put("modeSelectable", false);
            sources.add(byokOption);
        }

        Map<String, Object> options = new LinkedHashMap<>();
        options.put("defaultSource", byok == null ? null : (byok.enabled() ? Source.BYOK : Source.CREDITS).id());
        options.put("sources", sources);
        options.put("unknown", unknown);
        return options;
    }
}
