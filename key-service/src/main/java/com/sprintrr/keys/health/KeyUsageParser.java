package com.sprintrr.keys.health;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sprintrr.platform.json.JsonObjectReader;
import com.sprintrr.platform.security.CallerAccount;
import com.sprintrr.providers.Provider;

/**
 * Reads a generation-completed record value. Unknown fields are ignored (the event grows
 * additively); events that are not about a user's key (credits, or byok from before events
 * carried keyVersion) are irrelevant, not poison. Read as a token stream, keeping only the
 * top-level fields it needs as strings: no tree, and nothing built for a credits event, while the
 * whole value is still checked to be one JSON object by platform's {@link JsonObjectReader}, which
 * credit-service's parser uses too (what is poison about the bytes is the same in both).
 */
@Singleton
public class KeyUsageParser {

    private final JsonFactory json = new JsonFactory();

    /** An event about a key, or none; poisonReason is set when the record is unusable. */
    public record Parsed(Optional<KeyUsageEvent> event, String poisonReason) {

        static Parsed irrelevant() {
            return new Parsed(Optional.empty(), null);
        }

        static Parsed poison(String reason) {
            return new Parsed(Optional.empty(), reason);
        }
    }

    /** The top-level fields read; a string field is null unless its value is a JSON string (last one wins). */
    private static final class Fields implements JsonObjectReader.FieldReader {
        String source;
        String accountId;
        String provider;
        String status;
        String errorCode;
        String occurredAt;
        /** The keyVersion token: null when absent; VALUE_NUMBER_INT with a long in {@code keyVersion}. */
        JsonToken versionToken;
        boolean versionFitsLong;
        long keyVersion;

        @Override
        public void field(String name, JsonParser p) throws IOException {
            switch (name) {
                case "source" -> source = string(p);
                case "accountId" -> accountId = string(p);
                case "provider" -> provider = string(p);
                case "status" -> status = string(p);
                case "errorCode" -> errorCode = string(p);
                case "occurredAt" -> occurredAt = string(p);
                case "keyVersion" -> {
                    versionToken = p.currentToken();
                    versionFitsLong = versionToken == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                    keyVersion = versionFitsLong ? p.getLongValue() : 0;
                }
                default -> {
                    // Not needed here: the reader skips it.
                }
            }
        }
    }

    public Parsed parse(byte[] value) {
        Fields f = new Fields();
        String poison = JsonObjectReader.read(json, value, f);
        return poison != null ? Parsed.poison(poison) : check(f);
    }

    private static Parsed check(Fields f) {
        if (f.source == null) {
            return Parsed.poison("missing_field: source");
        }
        if (!"byok".equals(f.source)) {
            return Parsed.irrelevant();
        }
        if (f.versionToken == null || f.versionToken == JsonToken.VALUE_NULL) {
            return Parsed.irrelevant();
        }
        if (!f.versionFitsLong) {
            return Parsed.poison("invalid_field: keyVersion");
        }
        String accountId = f.accountId;
        if (!CallerAccount.isValidId(accountId)) {
            return Parsed.poison("invalid_field: accountId");
        }
        Optional<Provider> provider = Provider.fromId(f.provider);
        if (provider.isEmpty()) {
            return Parsed.poison("invalid_field: provider");
        }
        String status = f.status;
        if (!"succeeded".equals(status) && !"failed".equals(status)) {
            return Parsed.poison("invalid_field: status");
        }
        boolean succeeded = "succeeded".equals(status);
        String errorCode = f.errorCode;
        if (!succeeded && (errorCode == null || errorCode.isEmpty() || errorCode.length() > 64)) {
            // A failure without a readable code still tells that the key was used and failed.
            errorCode = "unknown";
        }
        Instant occurredAt;
        try {
            if (f.occurredAt == null) {
                return Parsed.poison("missing_field: occurredAt");
            }
            occurredAt = Instant.parse(f.occurredAt);
        } catch (DateTimeParseException e) {
            return Parsed.poison("invalid_field: occurredAt");
        }
        return new Parsed(Optional.of(new KeyUsageEvent(accountId, provider.get(), f.keyVersion, succeeded,
                succeeded ? null : errorCode, occurredAt)), null);
    }

    /** The value if it is a JSON string, else null (an object or array value is skipped by the reader). */
    private static String string(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
    }
}
