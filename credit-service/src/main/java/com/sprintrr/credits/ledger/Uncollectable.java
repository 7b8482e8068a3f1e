package com.sprintrr.credits.ledger;

import java.util.UUID;

/** The part of a generation's charge its account could not pay, because {@code available} never goes below zero. */
public record Uncollectable(String accountId, UUID generationId, long amount, String reason) {
}
