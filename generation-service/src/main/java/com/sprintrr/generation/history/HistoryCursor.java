package com.sprintrr.generation.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.sprintrr.generation.persistence.GenerationQueries.Position;

/**
 * The opaque {@code cursor} of the history: base64url (no padding) of {@code <epoch micros>.<uuid>},
 * the (created_at, id) of the last item returned. Decoding accepts only the exact canonical form a
 * cursor was encoded in, so anything edited or made up is refused (400), never half-understood.
 */
public final class HistoryCursor {

    private static final Pattern TUPLE = Pattern.compile(
            "(0|[1-9][0-9]{0,17})\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private HistoryCursor() {
    }

    public static String encode(Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.createdAt());
        return ENCODER.encodeToString((micros + "." + position.id()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position, or empty when the text is not a cursor this service made. */
    public static Optional<Position> decode(String cursor) {
        if (cursor == null || !BASE64URL.matcher(cursor).matches()) {
            return Optional.empty();
        }
        String tuple;
        try {
            tuple = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!TUPLE.matcher(tuple).matches()) {
            return Optional.empty();
        }
        int dot = tuple.indexOf('.');
        long micros = Long.parseLong(tuple.substring(0, dot));
        Position position = new Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                UUID.fromString(tuple.substring(dot + 1)));
        // Canonical form only: no alternative spellings of the same position (e.g. stray trailing bits).
        return encode(position).equals(cursor) ? Optional.of(position) : Optional.empty();
    }
}
