package com.sprintrr.keys.health;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sprintrr.platform.security.CallerAccount;
import com.sprintrr.providers.Provider;

/**
 * Reads a generation-completed record value. Unknown fields are ignored (the event grows
 * additively); events that are not about a user's key (credits, or byok from before events
 * carried keyVersion) are irrelevant, not poison.
 */
@Singleton
public class KeyUsageParser {

    private final ObjectReader reader = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    /** An event about a key, or none; poisonReason is set when the record is unusable. */
    public record Parsed(Optional<KeyUsageEvent> event, String poisonReason) {

        static Parsed irrelevant() {
            return new Parsed(Optional.empty(), null);
        }

        static Parsed poison(String reason) {
            return new Parsed(Optional.empty(), reason);
        }
    }

    public Parsed parse(byte[] value) {
        if (value == null || value.length == 0) {
            return Parsed.poison("empty_value");
        }
        JsonNode root;
        try {
            root = reader.readTree(value);
        } catch (IOException e) {
            return Parsed.poison("unparseable_json");
        }
        if (root == null || !root.isObject()) {
            return Parsed.poison("not_an_object");
        }
        String source = text(root, "source");
        if (source == null) {
            return Parsed.poison("missing_field: source");
        }
        if (!"byok".equals(source)) {
            return Parsed.irrelevant();
        }
        JsonNode version = root.get("keyVersion");
        if (version == null || version.isNull()) {
            return Parsed.irrelevant();
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong()) {
            return Parsed.poison("invalid_field: keyVersion");
        }
        String accountId = text(root, "accountId");
        if (!CallerAccount.isValidId(accountId)) {
            return Parsed.poison("invalid_field: accountId");
        }
        Optional<Provider> provider = Provider.fromId(text(root, "provider"));
        if (provider.isEmpty()) {
            return Parsed.poison("invalid_field: provider");
        }
        String status = text(root, "status");
        if (!"succeeded".equals(status) && !"failed".equals(status)) {
            return Parsed.poison("invalid_field: status");
        }
        boolean succeeded = "succeeded".equals(status);
        String errorCode = text(root, "errorCode");
        if (!succeeded && (errorCode == null || errorCode.isEmpty() || errorCode.length() > 64)) {
            // A failure without a readable code still tells that the key was used and failed.
            errorCode = "unknown";
        }
        Instant occurredAt;
        try {
            String at = text(root, "occurredAt");
            if (at == null) {
                return Parsed.poison("missing_field: occurredAt");
            }
            occurredAt = Instant.parse(at);
        } catch (DateTimeParseException e) {
            return Parsed.poison("invalid_field: occurredAt");
        }
        return new Parsed(Optional.of(new KeyUsageEvent(accountId, provider.get(), version.asLong(), succeeded,
                succeeded ? null : errorCode, occurredAt)), null);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
