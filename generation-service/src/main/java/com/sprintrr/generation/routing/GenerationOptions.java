package com.sprintrr.generation.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;
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

    private static final List<String> MODES = Arrays.stream(Mode.values()).map(Mode::id).toList();

    /** The answer; defaultSource is null when key-service could not say whether BYOK is on. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Options(String defaultSource, List<SourceOption> sources, List<String> unknown) {
    }

    /** One entry of "sources". */
    public sealed interface SourceOption permits CreditsOption, ByokOption {
    }

    /** The credits entry; available is null when credit-service could not say. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CreditsOption(String source, Long available, boolean modeSelectable, List<String> modes,
            String defaultMode) implements SourceOption {
    }

    /** The byok entry, only while BYOK is on; the mode does not apply to it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ByokOption(String source, String provider, String model, boolean modeSelectable)
            implements SourceOption {
    }

    private final KeyGateway keys;
    private final CreditGateway credits;
    private final RouteResolver routes;

    @Inject
    GenerationOptions(KeyGateway keys, CreditGateway credits, RouteResolver routes) {
        this.keys = keys;
        this.credits = credits;
        this.routes = routes;
    }

    public Options forAccount(String accountId) {
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

        List<SourceOption> sources = new ArrayList<>();
        sources.add(new CreditsOption(Source.CREDITS.id(), available.isPresent() ? available.getAsLong() : null, true,
                MODES, routes.defaultMode().id()));
        if (byok != null && byok.enabled()) {
            sources.add(new ByokOption(Source.BYOK.id(), byok.activeProvider().get().id(), byok.model().orElse(null),
                    false));
        }
        String defaultSource = byok == null ? null : (byok.enabled() ? Source.BYOK : Source.CREDITS).id();
        return new Options(defaultSource, sources, unknown);
    }
}
