package com.sprintrr.soak;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import com.sprintrr.localstack.Service;
import com.sprintrr.providers.Provider;

/**
 * Many simulated users against two instances of each packaged service while a seeded schedule
 * kills and restarts instances, stops Kafka, freezes PostgreSQL and breaks providers; the money,
 * idempotency and secrecy invariants are checked at checkpoints and after the system settled.
 * A failing run prints its seed and the command that replays it.
 */
class SoakTest {

    private final long seed = seed();
    private final Duration load = Duration.parse(property("soak.duration", "PT2M"));
    private final int users = Integer.parseInt(property("soak.users", "24"));
    private final int accountCount = Integer.parseInt(property("soak.accounts", "32"));
    private final Duration holdBound = Duration.parse(property("soak.hold-bound", "PT2M"));
    private final Duration settleWithin = Duration.parse(property("soak.settle", "PT90S"));
    private final Duration checkpointEvery = Duration.parse(property("soak.checkpoint", "PT30S"));

    @Test
    void survivesFaultsWithItsInvariantsIntact() throws Exception {
        String replay = "./mvnw -B verify -pl soak -am -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dsoak.seed=" + seed + " -Dsoak.duration=" + load + " -Dsoak.users=" + users
                + " -Dsoak.accounts=" + accountCount;
        log("seed %d, load %s, %d users on %d accounts; replay with: %s", seed, load, users, accountCount, replay);
        Journal journal = new Journal();
        ProviderCalls calls = new ProviderCalls();
        Instant started = Instant.now();
        try (SoakSystem system = SoakSystem.start(calls)) {
            log("system up in %d s", Duration.between(started, Instant.now()).toSeconds());
            InvariantChecker checker = new InvariantChecker(system.databases());
            FaultInjector faults = new FaultInjector(system.stack, system.fake);
            FaultSchedule schedule = FaultSchedule.derive(seed, load, SoakSystem.INSTANCES);
            // A violation seen at several checkpoints (the same hold, older each time) is listed once.
            Set<String> checkpointViolations = new ConcurrentSkipListSet<>();
            long[] checkpointChecks = new long[2];

            long deadline = System.nanoTime() + load.toNanos();
            List<Thread> threads = new ArrayList<>();
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < accountCount; i++) {
                accounts.add("soak-" + Long.toHexString(seed) + "-" + i);
            }
            Map<String, Set<Provider>> keysBelieved = new ConcurrentHashMap<>();
            SoakClient client = new SoakClient(system.stack, load.plus(Duration.ofHours(1)));
            for (int i = 0; i < users; i++) {
                threads.add(start("soak-user-" + i,
                        new SimulatedUser(client, journal, accounts, keysBelieved, seed * 1_000_003L + i, deadline)));
            }
            Thread infrastructure = start("soak-faults-infra", () -> faults.runLane(schedule.infrastructure(), deadline));
            Thread providers = start("soak-faults-providers", () -> faults.runLane(schedule.providers(), deadline));
            Thread checkpoints = start("soak-checkpoints", () -> {
                while (System.nanoTime() + checkpointEvery.toNanos() < deadline) {
                    LockSupport.parkNanos(checkpointEvery.toNanos());
                    faults.database.lock();
                    try {
                        InvariantChecker.Report report = checker.checkpoint(holdBound);
                        checkpointChecks[0]++;
                        checkpointChecks[1] += report.checks.get();
                        report.violations.forEach((invariant, found) -> found.forEach(f -> checkpointViolations.add(
                                invariant + " | " + f.replaceAll("open for \\d+ s", "open too long"))));
                        log("checkpoint %d: %d checks, %d violated, %d operations so far, %d faults so far",
                                checkpointChecks[0], report.checks.get(), report.violations.values().stream()
                                        .mapToInt(List::size).sum(), journal.operations.get(), faults.total());
                    } catch (SQLException e) {
                        checkpointViolations.add("checkpoint could not read the database: " + e);
                    } finally {
                        faults.database.unlock();
                    }
                }
            });

            for (Thread user : threads) {
                user.join(TimeUnit.MINUTES.toMillis(5));
            }
            infrastructure.join(TimeUnit.MINUTES.toMillis(5));
            providers.join(TimeUnit.MINUTES.toMillis(2));
            checkpoints.join(TimeUnit.MINUTES.toMillis(2));
            log("load over: %d operations, %d generation attempts, %d provider calls, faults %s",
                    journal.operations.get(), journal.attempts().size(), calls.totalCalls(), faults.counts());
            faults.healAll();

            boolean settled = settle(system, settleWithin);
            log("settled: %s", settled);
            List<EventLog.Event> events = EventLog.readAll(system.stack.bootstrapServers(), InvariantChecker.TOPIC,
                    Duration.ofSeconds(90));
            List<EventLog.Event> deadLetters = EventLog.readAll(system.stack.bootstrapServers(), InvariantChecker.DLQ,
                    Duration.ofSeconds(60));
            InvariantChecker.Report report = checker.settled(new InvariantChecker.Evidence(journal, calls,
                    system.logs(), events, deadLetters));

            String figures = String.format("seed %d, load %s, %d users, %d accounts: %d operations survived "
                    + "(%d generation attempts, %d provider calls, %d events), %d faults injected %s, "
                    + "%d checkpoints (%d checks), final check %d checks, %d invariants violated%s",
                    seed, load, users, accountCount, journal.operations.get(), journal.attempts().size(),
                    calls.totalCalls(), events.size(), faults.total(), faults.counts(), checkpointChecks[0],
                    checkpointChecks[1], report.checks.get(), report.violations.size(),
                    report.ok() ? "" : " " + report.violations.keySet());
            log("%s", figures);
            writeFigures(figures + "\n" + report.summary(10) + String.join("\n", checkpointViolations));

            StringBuilder failure = new StringBuilder();
            if (!faults.errors.isEmpty()) {
                failure.append("  fault injection failed: ").append(faults.errors).append('\n');
            }
            if (!checkpointViolations.isEmpty()) {
                failure.append("  at checkpoints (").append(checkpointViolations.size()).append("):\n");
                checkpointViolations.stream().limit(10).forEach(v -> failure.append("    - ").append(v).append('\n'));
            }
            failure.append(report.summary(5));
            if (failure.length() > 0) {
                fail("Soak run with seed " + seed + " broke its invariants:\n" + failure
                        + "Replay it with: " + replay + "\n" + figures);
            }
        }
    }

    /**
     * Waits (bounded) until every outbox event is published, every credits generation consumed
     * and no hold is open. Not settling is not itself a failure: the final check says what is off.
     */
    private static boolean settle(SoakSystem system, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection generations = system.stack.connect(Service.GENERATION);
                    Connection credits = system.stack.connect(Service.CREDIT)) {
                long unpublished = count(generations, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
                long creditsGenerations = count(generations, "SELECT count(*) FROM generations WHERE source = 'credits'");
                long processed = count(credits, "SELECT count(*) FROM processed_events");
                long open = count(credits, "SELECT count(*) FROM holds WHERE status = 'held'");
                if (unpublished == 0 && processed >= creditsGenerations && open == 0) {
                    return true;
                }
            } catch (SQLException e) {
                // The database may still be recovering from the last fault; try again.
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
        return false;
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.start();
        return thread;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void writeFigures(String text) throws IOException {
        Path file = Path.of(System.getProperty("soak.work", "target/soak-stack")).resolveSibling("soak-report.txt");
        Files.writeString(file, text + "\n");
        log("figures written to %s", file.toAbsolutePath());
    }

    private static long seed() {
        String given = System.getProperty("soak.seed", "");
        return given.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given.strip());
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? fallback : value.strip();
    }

    private static void log(String format, Object... args) {
        System.out.printf("[soak] " + format + "%n", args);
    }
}
