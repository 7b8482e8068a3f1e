package com.sprintrr.generation.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.sprintrr.generation.config.GenerationConfig;
import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.platform.problem.Problems;

/**
 * A validated generation request. source and mode are null when the client left them to us.
 * Everything is checked here, before any downstream call, so bad input costs nothing.
 */
public record GenerationRequest(String prompt, String system, int maxTokens, Source source, Mode mode) {

    /** Checks the raw body members against the configured limits; 400 {@code invalid_request} otherwise. */
    public static GenerationRequest of(String prompt, String system, Integer maxTokens, String source, String mode,
            GenerationConfig.Limits limits) {
        if (prompt == null || prompt.isBlank()) {
            throw Problems.invalidRequest("'prompt' is required and must not be blank.");
        }
        if (prompt.length() > limits.promptMaxChars()) {
            throw Problems.invalidRequest("'prompt' is longer than " + limits.promptMaxChars() + " characters.")
                    .with("maxChars", limits.promptMaxChars());
        }
        if (system != null && system.length() > limits.systemMaxChars()) {
            throw Problems.invalidRequest("'system' is longer than " + limits.systemMaxChars() + " characters.")
                    .with("maxChars", limits.systemMaxChars());
        }
        int tokens = maxTokens == null ? limits.maxTokensDefault() : maxTokens;
        if (tokens < limits.maxTokensMin() || tokens > limits.maxTokensMax()) {
            throw Problems.invalidRequest("'maxTokens' must be between " + limits.maxTokensMin() + " and "
                    + limits.maxTokensMax() + ".");
        }
        Source parsedSource = null;
        if (source != null) {
            parsedSource = Source.fromId(source)
                    .orElseThrow(() -> Problems.invalidRequest("'source' must be \"credits\" or \"byok\"."));
        }
        Mode parsedMode = null;
        if (mode != null) {
            parsedMode = Mode.fromId(mode)
                    .orElseThrow(() -> Problems.invalidRequest("'mode' must be \"quality\" or \"speed\"."));
        }
        String blankFreeSystem = system == null || system.isBlank() ? null : system;
        return new GenerationRequest(prompt, blankFreeSystem, tokens, parsedSource, parsedMode);
    }

    /**
     * SHA-256 of the request as the client meant it (every member, defaults applied), compared
     * when an Idempotency-Key comes back. Length prefixes keep "ab"+"c" apart from "a"+"bc".
     */
    public String hash() {
        StringBuilder canonical = new StringBuilder();
        for (String part : new String[] { prompt, system, Integer.toString(maxTokens),
                source == null ? null : source.id(), mode == null ? null : mode.id() }) {
            canonical.append(part == null ? "-1:" : part.length() + ":" + part).append('|');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
