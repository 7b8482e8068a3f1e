package com.sprintrr.generation.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.persistence.IdempotencyRepository;

import io.quarkus.test.junit.QuarkusTest;

/** The scheduled clean-ups forget only what is old enough: published outbox rows and idempotency keys. */
@QuarkusTest
class RetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    OutboxRepository outbox;

    @Inject
    IdempotencyRepository keys;

    @Test
    void prunesOnlyOldPublishedOutboxRows() {
        String account = "acct-" + UUID.randomUUID();
        UUID oldPublished = UUID.randomUUID();
        UUID oldUnpublished = UUID.randomUUID();
        UUID recentPublished = UUID.randomUUID();
        insertEvent(oldPublished, account);
        insertEvent(oldUnpublished, account);
        insertEvent(recentPublished, account);
        update("UPDATE outbox SET published_at = now() - interval '8 days' WHERE event_id = '" + oldPublished + "'");
        update("UPDATE outbox SET created_at = now() - interval '8 days' WHERE event_id = '" + oldUnpublished + "'");
        update("UPDATE outbox SET published_at = now() WHERE event_id = '" + recentPublished + "'");

        outbox.deletePublishedOlderThan(Duration.ofDays(7));

        assertEquals(2, count("SELECT count(*) FROM outbox WHERE account_id = '" + account + "'"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE event_id = '" + oldPublished + "'"));
    }

    @Test
    void forgetsOnlyOldIdempotencyKeys() {
        String account = "acct-" + UUID.randomUUID();
        keys.claim(account, "old", "a".repeat(64), UUID.randomUUID(), "retention-test", Duration.ofMinutes(10));
        keys.claim(account, "new", "b".repeat(64), UUID.randomUUID(), "retention-test", Duration.ofMinutes(10));
        update("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE account_id = '" + account
                + "' AND key = 'old'");

        keys.deleteOlderThan(Duration.ofHours(24));

        assertEquals(1, count("SELECT count(*) FROM idempotency_keys WHERE account_id = '" + account + "'"));
    }

    /** An outbox row of an unrelated topic, written the way the record statement writes its outbox part. */
    private void insertEvent(UUID eventId, String account) {
        update("INSERT INTO outbox (event_id, account_id, topic, payload) VALUES ('" + eventId + "', '" + account
                + "', 'retention-test', '{}')");
    }

    private void update(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
