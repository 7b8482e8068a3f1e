package com.sprintrr.providers;

/** Tokens a provider reported for one call; output includes Gemini's thinking tokens. */
public record Usage(long inputTokens, long outputTokens) {
}
