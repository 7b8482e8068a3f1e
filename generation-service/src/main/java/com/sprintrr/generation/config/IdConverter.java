package com.sprintrr.generation.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.Converter;

import com.sprintrr.generation.domain.Mode;
import com.sprintrr.providers.Provider;

/**
 * Reads a configured lower-case id into its enum with the enum's own {@code fromId}, so a typo
 * fails start-up with a message naming the accepted ids instead of being noticed per request.
 * (SmallRye Config needs each converter to implement {@code Converter<X>} itself.)
 */
public final class IdConverter {

    private IdConverter() {
    }

    /** A credits mode: quality or speed. */
    public static final class ModeId implements Converter<Mode> {

        private static final long serialVersionUID = 1L;

        @Override
        public Mode convert(String value) {
            return parse(value, "mode", Mode::fromId, Mode.values(), Mode::id);
        }
    }

    /** A provider: anthropic, openai or gemini. */
    public static final class ProviderId implements Converter<Provider> {

        private static final long serialVersionUID = 1L;

        @Override
        public Provider convert(String value) {
            return parse(value, "provider", Provider::fromId, Provider.values(), Provider::id);
        }
    }

    private static <T> T parse(String value, String what, Function<String, Optional<T>> fromId, T[] values,
            Function<T, String> id) {
        return fromId.apply(value.strip()).orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a "
                + what + "; expected one of: " + Arrays.stream(values).map(id).collect(Collectors.joining(", "))));
    }
}
