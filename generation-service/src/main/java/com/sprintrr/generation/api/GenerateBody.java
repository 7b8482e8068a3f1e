package com.sprintrr.generation.api;

/** The body of {@code POST /v1/generations}; checked by GenerationRequest.of. */
public record GenerateBody(String prompt, String system, Integer maxTokens, String source, String mode) {
}
