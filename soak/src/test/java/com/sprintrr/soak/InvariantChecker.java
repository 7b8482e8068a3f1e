package com.sprintrr.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The soak's invariants, read from the three databases, the client journal, the provider fake's
 * counts, the service logs and the Kafka topic. {@link #checkpoint} holds at any moment; {@link #settled}
 * only once the load stopped and the system had time to settle. A check reports, it never repairs.
 */
final class InvariantChecker {

    static final String LEDGER = "balance = sum of the account's ledger";
    static final String AVAILABLE = "available >= 0";
    static final String HELD = "held = sum of open holds";
    static final String DEBITED_ONCE = "a credits generation that succeeded is debited exactly once";
    static final String FAILED_NOT_DEBITED = "a failed credits generation is never debited";
    static final String ONE_RECORD_ONE_EVENT = "every generation has one terminal record and one event";
    static final String BYOK_FREE = "BYOK never touches credits";
    static final String HOLD_BOUND = "no hold open longer than the bound";
    static final String IDEMPOTENT = "no Idempotency-Key ran twice";
    static final String NO_PLAINTEXT = "no plaintext key in any table, log line or event";
    static final String NO_MINTING = "no credits from nowhere";

    static final String TOPIC = "generation-completed";
    static final String DLQ = "generation-completed.dlq";
    /** The reason the simulated users give their grants: every other grant is the system's own. */
    static final String SOAK_GRANT_REASON = "soak grant";
    private static final Map<String, Long> PLAN_ALLOWANCE = Map.of("free-trial", 50L, "starter", 500L, "pro", 2000L);

    /** Where the three databases are. */
    record Databases(String creditsUrl, String generationsUrl, String keysUrl, String user, String password) {

        Connection open(String url) throws SQLException {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setReadOnly(true);
            c.setAutoCommit(false);
            // One snapshot per database, so running sums and their rows are read at the same instant.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        }
    }

    /** What a check found: violations per invariant, and how many individual checks it made. */
    static final class Report {
        final Map<String, List<String>> violations = new LinkedHashMap<>();
        final AtomicLong checks = new AtomicLong();

        void check(boolean holds, String invariant, String detail) {
            checks.incrementAndGet();
            if (!holds) {
                violations.computeIfAbsent(invariant, i -> new ArrayList<>()).add(detail);
            }
        }

        boolean ok() {
            return violations.isEmpty();
        }

        /** Each violated invariant with its count and a few examples. */
        String summary(int examples) {
            StringBuilder text = new StringBuilder();
            violations.forEach((invariant, found) -> {
                text.append("  VIOLATED ").append(invariant).append(": ").append(found.size()).append('\n');
                found.stream().limit(examples).forEach(f -> text.append("    - ").append(f).append('\n'));
            });
            return text.toString();
        }
    }

    /** Everything outside the databases the final check needs. */
    record Evidence(Journal journal, ProviderCalls providerCalls, List<Path> logs, List<EventLog.Event> events,
            List<EventLog.Event> deadLetters) {
    }

    private record Generation(String id, String accountId, String source, String status, long charged) {
    }

    private record Entry(String accountId, String type, long amount, String generationId, String reason) {
    }

    private final Databases databases;

    InvariantChecker(Databases databases) {
        this.databases = databases;
    }

    /** What must hold at any instant, even mid-load: ledger sums, available, held, hold ages. */
    Report checkpoint(Duration holdBound) throws SQLException {
        Report report = new Report();
        try (Connection credits = databases.open(databases.creditsUrl())) {
            checkBalances(credits, report);
            checkHoldAges(credits, holdBound, Map.of(), report);
            credits.rollback();
        }
        return report;
    }

    /** Everything, once the load stopped, faults healed and the system settled; open holds must be gone. */
    Report settled(Evidence evidence) throws SQLException, IOException {
        Report report = new Report();
        try (Connection credits = databases.open(databases.creditsUrl());
                Connection generations = databases.open(databases.generationsUrl());
                Connection keys = databases.open(databases.keysUrl())) {
            checkBalances(credits, report);
            Map<String, Generation> recorded = generations(generations);
            checkHoldAges(credits, Duration.ZERO, recorded, report);
            List<Entry> entries = entries(credits);
            Map<String, List<Entry>> byGeneration = new HashMap<>();
            for (Entry entry : entries) {
                if (entry.generationId() != null) {
                    byGeneration.computeIfAbsent(entry.generationId(), g -> new ArrayList<>()).add(entry);
                }
            }
            Set<String> held = strings(credits, "SELECT generation_id::text FROM holds");
            checkLedgerAgainstGenerations(recorded, byGeneration, held, report);
            checkEvents(generations, recorded, evidence, report);
            checkClientView(evidence, recorded, byGeneration, report);
            checkMinting(entries, evidence.journal(), report);
            for (Connection c : List.of(credits, generations, keys)) {
                checkNoPlaintextIn(c, report);
                c.rollback();
            }
        }
        checkNoPlaintextIn(evidence, report);
        return report;
    }

    private void checkBalances(Connection credits, Report report) throws SQLException {
        String sql = """
                SELECT a.account_id, a.balance, a.held, COALESCE(l.total, 0), COALESCE(h.total, 0)
                FROM accounts a
                LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entries GROUP BY account_id) l
                       ON l.account_id = a.account_id
                LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM holds WHERE status = 'held' GROUP BY account_id) h
                       ON h.account_id = a.account_id""";
        try (Statement s = credits.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String account = rs.getString(1);
                long balance = rs.getLong(2);
                long heldNow = rs.getLong(3);
                long ledger = rs.getLong(4);
                long openHolds = rs.getLong(5);
                report.check(balance == ledger, LEDGER, account + ": balance " + balance + ", ledger sums to " + ledger);
                report.check(balance - heldNow >= 0, AVAILABLE,
                        account + ": available " + (balance - heldNow) + " (balance " + balance + ", held " + heldNow + ")");
                report.check(heldNow == openHolds, HELD, account + ": held " + heldNow + ", open holds sum to " + openHolds);
            }
        }
    }

    /** With the recorded generations known, each open hold says whether its generation was ever recorded. */
    private void checkHoldAges(Connection credits, Duration bound, Map<String, Generation> recorded, Report report)
            throws SQLException {
        try (PreparedStatement s = credits.prepareStatement("""
                SELECT generation_id, account_id, EXTRACT(EPOCH FROM (now() - created_at))::bigint
                FROM holds WHERE status = 'held' AND created_at < now() - make_interval(secs => ?)""")) {
            s.setDouble(1, bound.toMillis() / 1000.0);
            report.checks.incrementAndGet();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Generation g = recorded.get(rs.getString(1));
                    String fate = recorded.isEmpty() ? "" : g == null ? ", its generation never recorded"
                            : ", its generation recorded as " + g.status();
                    report.check(false, HOLD_BOUND, "hold of generation " + rs.getString(1) + " (" + rs.getString(2)
                            + ") open for " + rs.getLong(3) + " s" + fate + (bound.isZero()
                                    ? ", still open once the load ended and the system settled"
                                    : ", bound " + bound.toSeconds() + " s"));
                }
            }
        }
    }

    private static Map<String, Generation> generations(Connection c) throws SQLException {
        Map<String, Generation> recorded = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id::text, account_id, source, status, credits_charged FROM generations")) {
            while (rs.next()) {
                recorded.put(rs.getString(1), new Generation(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5)));
            }
        }
        return recorded;
    }

    private static List<Entry> entries(Connection c) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT account_id, type, amount, generation_id::text, reason FROM ledger_entries")) {
            while (rs.next()) {
                entries.add(new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
            }
        }
        return entries;
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void checkLedgerAgainstGenerations(Map<String, Generation> recorded,
            Map<String, List<Entry>> byGeneration, Set<String> held, Report report) {
        for (Generation g : recorded.values()) {
            List<Entry> mine = byGeneration.getOrDefault(g.id(), List.of());
            List<Entry> debits = mine.stream().filter(e -> "debit".equals(e.type())).toList();
            if ("byok".equals(g.source())) {
                report.check(mine.isEmpty() && !held.contains(g.id()), BYOK_FREE,
                        "byok generation " + g.id() + " has ledger entries " + mine + (held.contains(g.id()) ? " and a hold" : ""));
            } else if ("succeeded".equals(g.status())) {
                report.check(debits.size() == 1 && debits.get(0).amount() == -g.charged(), DEBITED_ONCE,
                        "succeeded generation " + g.id() + " charged " + g.charged() + " has debits " + debits);
            } else {
                report.check(debits.isEmpty(), FAILED_NOT_DEBITED, "failed generation " + g.id() + " has debits " + debits);
            }
        }
        byGeneration.forEach((id, mine) -> {
            for (Entry e : mine) {
                if ("debit".equals(e.type())) {
                    Generation g = recorded.get(id);
                    report.check(g != null && "credits".equals(g.source()) && "succeeded".equals(g.status()),
                            FAILED_NOT_DEBITED, "debit " + e.amount() + " of " + e.accountId() + " for generation " + id
                                    + (g == null ? " that was never recorded" : " which is " + g.source() + "/" + g.status()));
                }
            }
        });
    }

    private static void checkEvents(Connection generations, Map<String, Generation> recorded, Evidence evidence,
            Report report) throws SQLException {
        Map<String, Set<String>> outboxEvents = new HashMap<>();
        long unpublished = 0;
        try (Statement s = generations.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT event_id::text, payload, published_at IS NULL FROM outbox WHERE topic = '" + TOPIC + "'")) {
            while (rs.next()) {
                String generationId = field(rs.getString(2), "generationId");
                outboxEvents.computeIfAbsent(String.valueOf(generationId), g -> new HashSet<>()).add(rs.getString(1));
                unpublished += rs.getBoolean(3) ? 1 : 0;
            }
        }
        report.check(unpublished == 0, ONE_RECORD_ONE_EVENT, unpublished + " outbox events still unpublished");
        Map<String, Set<String>> published = new HashMap<>();
        for (EventLog.Event event : evidence.events()) {
            published.computeIfAbsent(String.valueOf(field(event.value(), "generationId")), g -> new HashSet<>())
                    .add(String.valueOf(field(event.value(), "eventId")));
        }
        for (Generation g : recorded.values()) {
            Set<String> inOutbox = outboxEvents.getOrDefault(g.id(), Set.of());
            report.check(inOutbox.size() == 1, ONE_RECORD_ONE_EVENT,
                    "generation " + g.id() + " has " + inOutbox.size() + " outbox events");
            Set<String> onTopic = published.getOrDefault(g.id(), Set.of());
            report.check(onTopic.size() == 1, ONE_RECORD_ONE_EVENT,
                    "generation " + g.id() + " has " + onTopic.size() + " distinct events on " + TOPIC);
        }
        for (String generationId : outboxEvents.keySet()) {
            report.check(recorded.containsKey(generationId), ONE_RECORD_ONE_EVENT,
                    "event for generation " + generationId + " that has no record");
        }
        report.check(evidence.deadLetters().isEmpty(), ONE_RECORD_ONE_EVENT,
                evidence.deadLetters().size() + " records on " + DLQ);
    }

    private static void checkClientView(Evidence evidence, Map<String, Generation> recorded,
            Map<String, List<Entry>> byGeneration, Report report) {
        Map<String, Set<String>> succeededPerKey = new HashMap<>();
        Map<String, String> tokenPerKey = new HashMap<>();
        for (Journal.Attempt a : evidence.journal().attempts()) {
            if (a.idempotencyKey() != null) {
                String key = a.accountId() + "/" + a.idempotencyKey();
                tokenPerKey.put(key, a.token());
                if (a.outcome() == Journal.Outcome.SUCCEEDED) {
                    succeededPerKey.computeIfAbsent(key, k -> new HashSet<>()).add(a.generationId());
                }
            }
            if (a.generationId() == null) {
                continue;
            }
            Generation g = recorded.get(a.generationId());
            List<Entry> debits = byGeneration.getOrDefault(a.generationId(), List.of()).stream()
                    .filter(e -> "debit".equals(e.type())).toList();
            if (a.outcome() == Journal.Outcome.SUCCEEDED) {
                report.check(g != null && "succeeded".equals(g.status()) && g.accountId().equals(a.accountId()),
                        ONE_RECORD_ONE_EVENT, "the user was told generation " + a.generationId() + " succeeded; it is recorded as "
                                + (g == null ? "nothing" : g.status()));
                if ("credits".equals(a.source())) {
                    report.check(debits.size() == 1 && debits.get(0).amount() == -a.creditsCharged(), DEBITED_ONCE,
                            "the user was told " + a.generationId() + " cost " + a.creditsCharged() + "; debits " + debits);
                } else {
                    report.check(a.creditsCharged() == 0 && debits.isEmpty(), BYOK_FREE,
                            "byok generation " + a.generationId() + " charged " + a.creditsCharged() + ", debits " + debits);
                }
            } else if (a.outcome() == Journal.Outcome.FAILED) {
                report.check(g != null && "failed".equals(g.status()), ONE_RECORD_ONE_EVENT,
                        "the user was told generation " + a.generationId() + " failed (" + a.code() + "); it is recorded as "
                                + (g == null ? "nothing" : g.status()));
                report.check(debits.isEmpty(), FAILED_NOT_DEBITED,
                        "the user was told generation " + a.generationId() + " failed (" + a.code() + "); debits " + debits);
            }
        }
        succeededPerKey.forEach((key, ids) -> report.check(ids.size() <= 1, IDEMPOTENT,
                "Idempotency-Key " + key + " answered with " + ids.size() + " different generations " + ids));
        tokenPerKey.forEach((key, token) -> {
            int served = evidence.providerCalls().successes(token);
            report.check(served <= 1, IDEMPOTENT, "Idempotency-Key " + key + " made the provider answer " + served
                    + " times (" + evidence.providerCalls().calls(token) + " calls)");
        });
    }

    private static void checkMinting(List<Entry> entries, Journal journal, Report report) {
        Map<String, long[]> grants = new HashMap<>();
        for (Entry e : entries) {
            if ("grant".equals(e.type()) || ("adjustment".equals(e.type()) && e.amount() > 0)) {
                long[] sums = grants.computeIfAbsent(e.accountId(), a -> new long[2]);
                sums[SOAK_GRANT_REASON.equals(e.reason()) ? 1 : 0] += e.amount();
            }
        }
        grants.forEach((account, sums) -> {
            long allowance = PLAN_ALLOWANCE.get("free-trial");
            for (String plan : journal.plansAsked(account)) {
                allowance = Math.max(allowance, PLAN_ALLOWANCE.getOrDefault(plan, 0L));
            }
            report.check(sums[0] <= allowance, NO_MINTING, account + ": the system granted itself " + sums[0]
                    + " credits this period; the highest plan it held allows " + allowance);
            report.check(sums[1] <= journal.grantsAsked(account), NO_MINTING, account + ": " + sums[1]
                    + " credits granted for " + journal.grantsAsked(account) + " asked");
        });
    }

    /** Every text, JSON and bytea column of every table: the marker as text, or as UTF-8 bytes. */
    private static void checkNoPlaintextIn(Connection c, Report report) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')""")) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        String database = c.getCatalog();
        for (String[] column : columns) {
            String name = "\"" + column[1].replace("\"", "\"\"") + "\"";
            String match = "bytea".equals(column[2])
                    ? "position(convert_to(?, 'UTF8') in " + name + ") > 0"
                    : name + "::text LIKE '%' || ? || '%'";
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM \"" + column[0].replace("\"", "\"\"") + "\" WHERE " + match)) {
                s.setString(1, SimulatedUser.KEY_MARKER);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long rows = rs.getLong(1);
                    report.check(rows == 0, NO_PLAINTEXT, database + "." + column[0] + "." + column[1] + ": " + rows
                            + " rows hold a raw key");
                }
            }
        }
    }

    private static void checkNoPlaintextIn(Evidence evidence, Report report) throws IOException {
        for (Path log : evidence.logs()) {
            if (!Files.exists(log)) {
                continue;
            }
            List<Long> leaking = new ArrayList<>();
            try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
                String line;
                long number = 0;
                while ((line = lines.readLine()) != null) {
                    number++;
                    if (line.contains(SimulatedUser.KEY_MARKER)) {
                        leaking.add(number);
                    }
                }
            }
            report.check(leaking.isEmpty(), NO_PLAINTEXT, log.getFileName() + ": " + leaking.size()
                    + " lines hold a raw key, first at lines " + leaking.stream().limit(5).toList());
        }
        List<EventLog.Event> all = new ArrayList<>(evidence.events());
        all.addAll(evidence.deadLetters());
        for (EventLog.Event event : all) {
            String text = event.key() + " " + event.value() + " " + event.headers();
            report.check(!text.contains(SimulatedUser.KEY_MARKER), NO_PLAINTEXT,
                    "a record on " + event.topic() + " holds a raw key");
        }
    }

    private static String field(String json, String name) {
        try {
            JsonNode node = SoakClient.JSON.readTree(json).get(name);
            return node == null || node.isNull() ? null : node.asText();
        } catch (IOException e) {
            return null;
        }
    }
}
