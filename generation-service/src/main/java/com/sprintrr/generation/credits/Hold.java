package com.sprintrr.generation.credits;

import java.util.UUID;

/** Credits reserved at credit-service for one generation; captured or released by the generation's event. */
public record Hold(UUID generationId, long amount) {
}
