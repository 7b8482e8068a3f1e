package com.sprintrr.credits.messaging;

import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sprintrr.credits.Ids;
import com.sprintrr.credits.config.Mode;
import com.sprintrr.credits.settlement.GenerationCompleted;
import com.sprintrr.credits.settlement.GenerationCompleted.Source;
import com.sprintrr.credits.settlement.GenerationCompleted.Status;
import com.sprintrr.platform.json.JsonObjectReader;
import com.sprintrr.platform.security.CallerAccount;

/**
 * Reads a generation-completed record value, or says precisely why it cannot be used. The fields
 * the ledger acts on (ids, source, status, mode, usage) are checked strictly; {@code provider},
 * {@code model} and {@code occurredAt} are informational here and not checked, so a new provider
 * needs no change to this service. The bytes are judged by platform's {@code JsonObjectReader}, as
 * in key-service's {@code KeyUsageParser}; the field rules differ on purpose (that parser ignores
 * every event not about a user's key, this one refuses any the ledger cannot act on).
 */
@Singleton
public class GenerationCompletedParser {

    private final ObjectMapper mapper = new ObjectMapper();

    /** Either an event or the reason it is poison ({@code code: field}); never both. */
    public record Parsed(GenerationCompleted event, String poisonReason) {

        static Parsed poison(String reason) {
            return new Parsed(null, reason);
        }
    }

    public Parsed parse(byte[] value) {
        // The top-level fields as a tree, each value read whole: what a tree read of the value gives,
        // with the bytes judged by the reader key-service's parser uses too.
        ObjectNode root = mapper.createObjectNode();
        String poison = JsonObjectReader.read(mapper.getFactory(), value, (name, p) -> root.set(name, p.readValueAsTree()));
        if (poison != null) {
            return Parsed.poison(poison);
        }
        try {
            UUID eventId = uuid(root, "eventId");
            UUID generationId = uuid(root, "generationId");
            String accountId = text(root, "accountId");
            if (!CallerAccount.isValidId(accountId)) {
                throw new Invalid("invalid_field: accountId");
            }
            Source source = Source.fromId(text(root, "source")).orElseThrow(() -> new Invalid("unknown_enum: source"));
            Status status = Status.fromId(text(root, "status")).orElseThrow(() -> new Invalid("unknown_enum: status"));
            Mode mode = null;
            JsonNode modeNode = root.get("mode");
            if (modeNode != null && !modeNode.isNull()) {
                mode = Mode.fromId(modeNode.isTextual() ? modeNode.asText() : null)
                        .orElseThrow(() -> new Invalid("unknown_enum: mode"));
            }
            if (source == Source.CREDITS && mode == null) {
                throw new Invalid("missing_field: mode");
            }
            checkUsage(root.get("usage"));
            return new Parsed(new GenerationCompleted(eventId, generationId, accountId, source, status, mode), null);
        } catch (Invalid invalid) {
            return Parsed.poison(invalid.getMessage());
        }
    }

    private static void checkUsage(JsonNode usage) {
        if (usage == null || usage.isNull()) {
            return;
        }
        if (!usage.isObject()) {
            throw new Invalid("invalid_field: usage");
        }
        for (String field : new String[] {"inputTokens", "outputTokens"}) {
            JsonNode n = usage.get(field);
            if (n == null || n.isNull()) {
                continue;
            }
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw new Invalid("invalid_field: usage." + field);
            }
            if (n.asLong() < 0) {
                throw new Invalid("negative_number: usage." + field);
            }
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
            throw new Invalid("missing_field: " + field);
        }
        if (!n.isTextual()) {
            throw new Invalid("invalid_field: " + field);
        }
        return n.asText();
    }

    private static UUID uuid(JsonNode root, String field) {
        UUID id = Ids.parseUuid(text(root, field));
        if (id == null) {
            throw new Invalid("invalid_field: " + field);
        }
        return id;
    }

    /** A field that makes the record poison; the message is the DLQ reason. */
    private static final class Invalid extends RuntimeException {

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
