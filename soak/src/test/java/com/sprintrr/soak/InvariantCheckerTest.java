package com.sprintrr.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sprintrr.testing.EmbeddedDatabase;

/**
 * The soak's checker against a small, hand-made world in the services' real schemas: it passes a
 * consistent world and fails each deliberately broken one, so a green soak run means something.
 */
class InvariantCheckerTest {

    private static final String ACCOUNT = "acct-checker";
    private static InvariantChecker.Databases databases;

    @TempDir
    Path logs;

    private final Journal journal = new Journal();
    private final ProviderCalls calls = new ProviderCalls();
    private final List<EventLog.Event> events = new ArrayList<>();

    @BeforeAll
    static void schemas() throws Exception {
        Path root = Path.of(System.getProperty("sprintrr.repo.root", "..")).toAbsolutePath().normalize();
        databases = new InvariantChecker.Databases(
                migrated("soak_check_credits", root.resolve("credit-service")),
                migrated("soak_check_generations", root.resolve("generation-service")),
                migrated("soak_check_keys", root.resolve("key-service")),
                EmbeddedDatabase.username(), EmbeddedDatabase.password());
    }

    /** A world where one credits generation succeeded and was settled, and one BYOK generation ran. */
    @BeforeEach
    void consistentWorld() throws Exception {
        for (String url : List.of(databases.creditsUrl(), databases.generationsUrl(), databases.keysUrl())) {
            sql(url, """
                    DO $$ DECLARE t text; BEGIN
                      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
                        EXECUTE 'TRUNCATE TABLE ' || quote_ident(t) || ' CASCADE';
                      END LOOP;
                    END $$""");
        }
        sql(databases.creditsUrl(), "INSERT INTO accounts (account_id, plan, balance, held, billing_anchor, period_start, period_end)"
                + " VALUES ('" + ACCOUNT + "', 'free-trial', 48, 0, now(), now(), now() + interval '1 month')");
        sql(databases.creditsUrl(), "INSERT INTO ledger_entries (account_id, type, amount, reason, grant_key)"
                + " VALUES ('" + ACCOUNT + "', 'grant', 50, 'monthly allowance (free-trial)', 'allowance-0')");
        String credits = generation("credits", "succeeded", 2);
        sql(databases.creditsUrl(), "INSERT INTO holds (generation_id, account_id, mode, amount, status, expires_at, settled_at)"
                + " VALUES ('" + credits + "', '" + ACCOUNT + "', 'quality', 2, 'captured', now(), now())");
        sql(databases.creditsUrl(), "INSERT INTO ledger_entries (account_id, type, amount, generation_id)"
                + " VALUES ('" + ACCOUNT + "', 'debit', -2, '" + credits + "')");
        succeeded(credits, "credits", 2, "idem-1", "soak-op-" + "1".repeat(32));
        String byok = generation("byok", "succeeded", 0);
        succeeded(byok, "byok", 0, null, "soak-op-" + "2".repeat(32));
        Files.writeString(logs.resolve("generation-service.log"), "INFO generation recorded\n");
    }

    @Test
    void passesAConsistentWorld() throws Exception {
        InvariantChecker.Report report = check();
        assertTrue(report.ok(), report.summary(5));
        assertTrue(report.checks.get() > 10, "too few checks made: " + report.checks.get());
    }

    @Test
    void catchesAForgedLedgerRow() throws Exception {
        sql(databases.creditsUrl(), "INSERT INTO ledger_entries (account_id, type, amount, reason)"
                + " VALUES ('" + ACCOUNT + "', 'grant', 5, 'forged')");
        assertViolated(InvariantChecker.LEDGER, check());
        assertViolated(InvariantChecker.LEDGER, checker().checkpoint(java.time.Duration.ofMinutes(2)));
    }

    @Test
    void catchesNegativeAvailableAndHeldThatIsNoHold() throws Exception {
        // credit-service's V3 forbids this state with a CHECK; the checker must still see it if the
        // constraint is ever dropped or bypassed, so the test removes it to forge the state.
        sql(databases.creditsUrl(), "ALTER TABLE accounts DROP CONSTRAINT accounts_available_not_negative");
        sql(databases.creditsUrl(), "UPDATE accounts SET held = 60");
        InvariantChecker.Report report = check();
        assertViolated(InvariantChecker.AVAILABLE, report);
        assertViolated(InvariantChecker.HELD, report);
    }

    @Test
    void catchesAHoldLeftOpen() throws Exception {
        String leaked = UUID.randomUUID().toString();
        sql(databases.creditsUrl(), "INSERT INTO holds (generation_id, account_id, mode, amount, status, expires_at, created_at)"
                + " VALUES ('" + leaked + "', '" + ACCOUNT + "', 'speed', 1, 'held', now() + interval '15 minutes',"
                + " now() - interval '5 minutes')");
        sql(databases.creditsUrl(), "UPDATE accounts SET held = 1");
        assertViolated(InvariantChecker.HOLD_BOUND, check());
        assertViolated(InvariantChecker.HOLD_BOUND, checker().checkpoint(java.time.Duration.ofMinutes(2)));
    }

    @Test
    void catchesADebitOfAFailedGeneration() throws Exception {
        String failed = generation("credits", "failed", 0);
        sql(databases.creditsUrl(), "INSERT INTO ledger_entries (account_id, type, amount, generation_id)"
                + " VALUES ('" + ACCOUNT + "', 'debit', -1, '" + failed + "')");
        sql(databases.creditsUrl(), "UPDATE accounts SET balance = 47");
        event(failed);
        journal.attempt(new Journal.Attempt(ACCOUNT, "soak-op-" + "3".repeat(32), null, false, Journal.Outcome.FAILED,
                502, "provider_error", failed, null, 0));
        assertViolated(InvariantChecker.FAILED_NOT_DEBITED, check());
    }

    @Test
    void catchesASuccessThatWasNeverDebited() throws Exception {
        String unpaid = generation("credits", "succeeded", 1);
        succeeded(unpaid, "credits", 1, null, "soak-op-" + "4".repeat(32));
        assertViolated(InvariantChecker.DEBITED_ONCE, check());
    }

    @Test
    void catchesAGenerationWithoutItsEvent() throws Exception {
        String silent = generation("byok", "succeeded", 0);
        sql(databases.generationsUrl(), "DELETE FROM outbox WHERE payload LIKE '%" + silent + "%'");
        assertViolated(InvariantChecker.ONE_RECORD_ONE_EVENT, check());
    }

    @Test
    void catchesByokTouchingCredits() throws Exception {
        String byok = generation("byok", "succeeded", 0);
        event(byok);
        sql(databases.creditsUrl(), "INSERT INTO holds (generation_id, account_id, mode, amount, status, expires_at, settled_at)"
                + " VALUES ('" + byok + "', '" + ACCOUNT + "', 'speed', 1, 'released', now(), now())");
        assertViolated(InvariantChecker.BYOK_FREE, check());
    }

    @Test
    void catchesAnIdempotencyKeyThatRanTwice() throws Exception {
        String token = "soak-op-" + "5".repeat(32);
        String first = generation("byok", "succeeded", 0);
        String second = generation("byok", "succeeded", 0);
        succeeded(first, "byok", 0, "idem-twice", token);
        succeeded(second, "byok", 0, "idem-twice", token);
        calls.record(token, true);
        InvariantChecker.Report report = check();
        assertViolated(InvariantChecker.IDEMPOTENT, report);
        assertEquals(2, report.violations.get(InvariantChecker.IDEMPOTENT).size(), report.summary(5));
    }

    @Test
    void catchesAPlaintextKeyInATableALogOrAnEvent() throws Exception {
        String key = "sk-ant-api03-abc" + SimulatedUser.KEY_MARKER + "xyz";
        sql(databases.keysUrl(), "INSERT INTO key_audit (account_id, actor, action, detail) VALUES ('" + ACCOUNT
                + "', 'user', 'save', 'saved " + key + "')");
        Files.writeString(logs.resolve("key-service.log"), "DEBUG calling provider with " + key + "\n");
        events.add(new EventLog.Event(InvariantChecker.TOPIC, ACCOUNT, "{\"apiKey\":\"" + key + "\"}", Map.of()));
        InvariantChecker.Report report = check();
        assertViolated(InvariantChecker.NO_PLAINTEXT, report);
        assertEquals(3, report.violations.get(InvariantChecker.NO_PLAINTEXT).size(), report.summary(5));
    }

    @Test
    void catchesAKeyStoredAsRawBytes() throws Exception {
        sql(databases.keysUrl(), "INSERT INTO provider_keys (account_id, provider, ciphertext, key_id, hint, model, validated_at, updated_at)"
                + " VALUES ('" + ACCOUNT + "', 'openai', convert_to('sk-proj-" + SimulatedUser.KEY_MARKER
                + "-not-encrypted-at-all', 'UTF8'), 'k1', 'sk-pro…all', 'gpt-4o-mini', now(), now())");
        assertViolated(InvariantChecker.NO_PLAINTEXT, check());
    }

    @Test
    void catchesCreditsFromNowhere() throws Exception {
        sql(databases.creditsUrl(), "INSERT INTO ledger_entries (account_id, type, amount, reason)"
                + " VALUES ('" + ACCOUNT + "', 'grant', 450, 'plan change to starter')");
        sql(databases.creditsUrl(), "UPDATE accounts SET balance = 498");
        assertViolated(InvariantChecker.NO_MINTING, check());
        journal.planAsked(ACCOUNT, "starter");
        assertTrue(check().ok(), "a top-up to the plan the user asked for is no minting");
    }

    private InvariantChecker checker() {
        return new InvariantChecker(databases);
    }

    private InvariantChecker.Report check() throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(logs)) {
            files = listed.toList();
        }
        return checker().settled(new InvariantChecker.Evidence(journal, calls, files, events, List.of()));
    }

    private static void assertViolated(String invariant, InvariantChecker.Report report) {
        assertTrue(report.violations.containsKey(invariant),
                "expected '" + invariant + "' to be violated; the checker found:\n" + report.summary(5));
    }

    /** A generation row with its outbox event; returns its id. */
    private String generation(String source, String status, long charged) throws SQLException {
        String id = UUID.randomUUID().toString();
        boolean ok = "succeeded".equals(status);
        sql(databases.generationsUrl(), "INSERT INTO generations (id, account_id, source, provider, model, mode, status,"
                + " credits_charged, error_code, created_at, completed_at) VALUES ('" + id + "', '" + ACCOUNT + "', '"
                + source + "', 'anthropic', 'claude-sonnet-4-6', " + ("credits".equals(source) ? "'quality'" : "NULL")
                + ", '" + status + "', " + charged + ", " + (ok ? "NULL" : "'provider_error'") + ", now(), now())");
        sql(databases.generationsUrl(), "INSERT INTO outbox (event_id, account_id, topic, payload, published_at) VALUES ('"
                + UUID.randomUUID() + "', '" + ACCOUNT + "', '" + InvariantChecker.TOPIC + "', '" + payload(id) + "', now())");
        return id;
    }

    /** The user saw it succeed, and its event is on the topic. */
    private void succeeded(String id, String source, long charged, String idempotencyKey, String token) throws SQLException {
        journal.attempt(new Journal.Attempt(ACCOUNT, token, idempotencyKey, false, Journal.Outcome.SUCCEEDED, 200, null,
                id, source, charged));
        calls.record(token, true);
        event(id);
    }

    private void event(String generationId) throws SQLException {
        try (Connection c = DriverManager.getConnection(databases.generationsUrl(), databases.user(), databases.password());
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT payload FROM outbox WHERE payload LIKE '%" + generationId + "%'")) {
            rs.next();
            events.add(new EventLog.Event(InvariantChecker.TOPIC, ACCOUNT, rs.getString(1), Map.of()));
        }
    }

    private static String payload(String generationId) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"generationId\":\"" + generationId + "\",\"accountId\":\""
                + ACCOUNT + "\"}";
    }

    private static String migrated(String database, Path service) throws IOException, SQLException {
        String url = EmbeddedDatabase.jdbcUrl(database);
        List<Path> migrations;
        try (Stream<Path> files = Files.list(service.resolve("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        sql(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        for (Path migration : migrations) {
            sql(url, Files.readString(migration));
        }
        return url;
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static void sql(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedDatabase.username(), EmbeddedDatabase.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
