package com.sprintrr.platform.warmup;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The start-up warm-up's settings ({@code sprintrr.warmup.*}). */
@ConfigMapping(prefix = "sprintrr.warmup")
public interface WarmUpConfig {

    /** Whether readiness waits for a warm-up at all. */
    @WithDefault("true")
    boolean enabled();

    /** After this long readiness says UP anyway (WARN line), so a hung step never keeps a pod unready. */
    @WithDefault("20s")
    Duration maxDuration();

    /** Rounds of serialising and parsing a representative payload. */
    @WithDefault("300")
    int jsonRounds();

    /** Rounds of verifying an unsigned (refused) JWT. */
    @WithDefault("50")
    int jwtRounds();

    /** Rounds of loopback GET requests to {@link #httpPaths()}. */
    @WithDefault("40")
    int httpRounds();

    /** Paths the loopback step requests on the service's own API port; harmless, no data touched. */
    @WithDefault("/internal/v1/warm-up")
    List<String> httpPaths();
}
