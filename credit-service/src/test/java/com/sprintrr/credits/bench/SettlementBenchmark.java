package com.sprintrr.credits.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;

import com.sprintrr.credits.account.Accounts;
import com.sprintrr.credits.config.CreditRules;
import com.sprintrr.credits.hold.Holds;
import com.sprintrr.credits.ledger.Ledger;
import com.sprintrr.credits.messaging.GenerationCompletedParser;
import com.sprintrr.credits.settlement.BatchSettlement;
import com.sprintrr.credits.settlement.GenerationCompleted;
import com.sprintrr.testing.EmbeddedDatabase;
import com.sprintrr.testing.EmbeddedKafka;

/**
 * Throughput of generation-completed settlement against a real PostgreSQL and a real Kafka broker:
 * the service's batch path (one transaction per poll) and, in the same run, a baseline of one
 * transaction per event, both through the service's own parser and {@link BatchSettlement}.
 * Prints numbers; asserts only that the ledger shows every event settled exactly once.
 *
 * <p>Run: {@code ./mvnw -B -pl credit-service test-compile exec:java} (options as system
 * properties, e.g. {@code -Dbench.events=200000}; see {@link Options}).
 */
public final class SettlementBenchmark {

    /** Options ({@code -Dbench.<name>=...}). */
    record Options(int events, int accounts, double hotShare, double byokShare, int baselineEvents, int pacedRate,
            int pacedEvents, int maxPollRecords, int partitions, int consumers, boolean fsync, long seed) {

        static Options fromSystemProperties() {
            return new Options(
                    Integer.getInteger("bench.events", 200_000),
                    Integer.getInteger("bench.accounts", 10_000),
                    Double.parseDouble(System.getProperty("bench.hotShare", "0.20")),
                    Double.parseDouble(System.getProperty("bench.byokShare", "0.30")),
                    Integer.getInteger("bench.baselineEvents", 20_000),
                    Integer.getInteger("bench.pacedRate", 10_000),
                    Integer.getInteger("bench.pacedEvents", 100_000),
                    Integer.getInteger("bench.maxPollRecords", 1000),
                    Integer.getInteger("bench.partitions", 4),
                    Integer.getInteger("bench.consumers", 2),
                    Boolean.parseBoolean(System.getProperty("bench.fsync", "true")),
                    Long.getLong("bench.seed", 42L));
        }
    }

    /** What one pass measured. */
    record Measurement(long events, double seconds, double eventsPerSecond, long p50LagMs, long p99LagMs, long maxLagMs,
            long transactions) {
    }

    private final Options options;
    private final CreditRules rules = CreditRules.defaults();
    private final Ledger ledger = new Ledger();
    private final Accounts accounts = new Accounts(rules, ledger);
    private final BatchSettlement settlement = new BatchSettlement(rules, accounts, new Holds(), ledger);
    private final GenerationCompletedParser parser = new GenerationCompletedParser();
    private String jdbcUrl;

    private SettlementBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.fromSystemProperties();
        try {
            new SettlementBenchmark(options).run();
        } finally {
            EmbeddedKafka.cluster().close();
            EmbeddedDatabase.server().close();
        }
    }

    private void run() throws Exception {
        DurablePostgres durable = null;
        if (options.fsync()) {
            durable = DurablePostgres.start();
            jdbcUrl = durable.jdbcUrl();
        } else {
            jdbcUrl = EmbeddedDatabase.jdbcUrl("credits_bench_" + System.currentTimeMillis());
        }
        try {
            measure();
        } finally {
            if (durable != null) {
                durable.close();
            }
        }
    }

    private void measure() throws Exception {
        Flyway.configure().dataSource(jdbcUrl, EmbeddedDatabase.username(), EmbeddedDatabase.password()).load().migrate();
        EmbeddedKafka.bootstrapServers();

        Scenario warmUp = scenario("warmup", Math.min(options.events(), 20_000), 0);
        Scenario burst = scenario("burst", options.events(), 1);
        Scenario paced = scenario("paced", options.pacedEvents(), 2);
        Scenario baseline = scenario("baseline", options.baselineEvents(), 3);
        try (Connection c = connect()) {
            // Measure settlement, not the background work the bulk set-up just caused.
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("VACUUM ANALYZE")) {
                s.execute();
            }
            try (PreparedStatement s = c.prepareStatement("CHECKPOINT")) {
                s.execute();
            }
        }
        String loadBefore = loadAverage();
        consume(warmUp, true, 0, "warmup-" + System.nanoTime()); // JIT and caches, not reported
        verify(warmUp);

        Measurement burstRun = consume(burst, true, 0, "burst-" + System.nanoTime());
        verify(burst);
        Measurement replayRun = consume(burst, true, -1, "replay-" + System.nanoTime());
        verify(burst);
        Measurement pacedRun = consume(paced, true, options.pacedRate(), "paced-" + System.nanoTime());
        verify(paced);
        Measurement baselineRun = consume(baseline, false, 0, "baseline-" + System.nanoTime());
        verify(baseline);

        report(burst, burstRun, replayRun, pacedRun, baselineRun, loadBefore + " -> " + loadAverage());
    }

    /** The machine's 1-minute load average: other processes compete with the figures. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private Scenario scenario(String name, int events, long seedOffset) throws SQLException {
        String topic = "bench-" + name + "-" + System.currentTimeMillis();
        EmbeddedKafka.createTopics(options.partitions(), topic);
        Scenario s = Scenario.generate(name, topic, events, options.accounts(), options.hotShare(), options.byokShare(),
                rules, options.seed() + seedOffset);
        try (Connection c = connect()) {
            s.prepare(c, rules, accounts, ledger);
        }
        return s;
    }

    /**
     * Produces the scenario's records (all at once, or paced at {@code rate} per second; a negative
     * rate re-reads what is already on the topic) while the consumers settle them, and measures
     * from the first to the last database commit. Lag is commit time minus the record's create time.
     * Each consumer thread owns some partitions and a connection, as the consumers of one group do.
     */
    private Measurement consume(Scenario s, boolean batched, int rate, String group) throws Exception {
        int total = s.records.size();
        AtomicInteger seen = new AtomicInteger();
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < options.consumers(); w++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int p = w; p < options.partitions(); p += options.consumers()) {
                mine.add(new TopicPartition(s.topic, p));
            }
            workers.add(new Worker(mine, group, batched, total, seen));
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Worker worker : workers) {
                running.add(pool.submit(worker));
            }
            for (Worker worker : workers) {
                worker.assigned.await();
            }
            Thread producer = null;
            if (rate >= 0) {
                producer = new Thread(() -> produce(s.records, rate), "bench-producer");
                producer.start();
            }
            for (Future<?> f : running) {
                f.get();
            }
            if (producer != null) {
                producer.join();
            }
        } finally {
            pool.shutdownNow();
        }
        long firstCommit = Long.MAX_VALUE;
        long lastCommit = 0;
        long transactions = 0;
        long[] lags = new long[total];
        int n = 0;
        for (Worker worker : workers) {
            firstCommit = Math.min(firstCommit, worker.firstCommit);
            lastCommit = Math.max(lastCommit, worker.lastCommit);
            transactions += worker.transactions;
            for (int i = 0; i < worker.lagCount; i++) {
                lags[n++] = worker.lags[i];
            }
        }
        int inFirstCommit = 0;
        for (Worker worker : workers) {
            if (worker.firstCommit == firstCommit) {
                inFirstCommit = worker.inFirstCommit;
            }
        }
        double seconds = Math.max(1, lastCommit - firstCommit) / 1000.0;
        Arrays.sort(lags, 0, n);
        return new Measurement(n, seconds, (n - inFirstCommit) / seconds, percentile(lags, n, 0.50),
                percentile(lags, n, 0.99), lags[n - 1], transactions);
    }

    /** One consumer: its partitions, its connection, its share of the lags. */
    private final class Worker implements Callable<Void> {

        final CountDownLatch assigned = new CountDownLatch(1);
        final List<TopicPartition> partitions;
        final String group;
        final boolean batched;
        final int total;
        final AtomicInteger seen;
        final long[] lags;
        int lagCount;
        long firstCommit = Long.MAX_VALUE;
        long lastCommit;
        int inFirstCommit;
        long transactions;

        Worker(List<TopicPartition> partitions, String group, boolean batched, int total, AtomicInteger seen) {
            this.partitions = partitions;
            this.group = group;
            this.batched = batched;
            this.total = total;
            this.seen = seen;
            this.lags = new long[total];
        }

        @Override
        public Void call() throws Exception {
            try (Connection c = connect(); KafkaConsumer<String, byte[]> consumer = consumer(group)) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                consumer.poll(Duration.ZERO);
                assigned.countDown();
                while (seen.get() < total) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (records.isEmpty()) {
                        continue;
                    }
                    List<GenerationCompleted> events = new ArrayList<>(records.count());
                    for (ConsumerRecord<String, byte[]> r : records) {
                        GenerationCompletedParser.Parsed parsed = parser.parse(r.value());
                        if (parsed.event() == null) {
                            throw new IllegalStateException("benchmark produced a poison record: " + parsed.poisonReason());
                        }
                        events.add(parsed.event());
                    }
                    if (batched) {
                        settlement.apply(c, events);
                        c.commit();
                        committed(records, System.currentTimeMillis());
                    } else {
                        int i = 0;
                        for (ConsumerRecord<String, byte[]> r : records) {
                            settlement.apply(c, List.of(events.get(i++)));
                            c.commit();
                            committed(List.of(r), System.currentTimeMillis());
                        }
                    }
                    consumer.commitAsync(); // offsets only after the database commit, as in the service
                }
                consumer.commitSync();
            } finally {
                assigned.countDown();
            }
            return null;
        }

        private void committed(Iterable<ConsumerRecord<String, byte[]>> records, long now) {
            transactions++;
            int count = 0;
            for (ConsumerRecord<String, byte[]> r : records) {
                lags[lagCount++] = now - r.timestamp();
                count++;
            }
            if (firstCommit == Long.MAX_VALUE) {
                firstCommit = now;
                inFirstCommit = count;
            }
            lastCommit = now;
            seen.addAndGet(count);
        }
    }

    private void produce(List<ProducerRecord<String, byte[]>> records, int rate) {
        Map<String, Object> props = EmbeddedKafka.producerProperties();
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("linger.ms", "5");
        props.put("batch.size", "131072");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                if (rate > 0) {
                    long due = start + (long) (i * (1e9 / rate));
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                // A fresh record each time, so its create timestamp is the moment it is sent.
                ProducerRecord<String, byte[]> r = records.get(i);
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        Properties props = EmbeddedKafka.consumerProperties();
        props.put("group.id", group);
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.put("max.poll.records", Integer.toString(options.maxPollRecords()));
        return new KafkaConsumer<>(props);
    }

    /** Checks the exactly-once effect on the scenario's accounts; throws if the ledger disagrees. */
    private void verify(Scenario s) throws SQLException {
        String like = s.name + "-acct-%";
        try (Connection c = connect()) {
            long mismatched = query(c, """
                    SELECT count(*) FROM accounts a WHERE a.account_id LIKE ?
                      AND (a.balance <> (SELECT coalesce(sum(amount), 0) FROM ledger_entries l WHERE l.account_id = a.account_id)
                        OR a.held <> (SELECT coalesce(sum(amount), 0) FROM holds h WHERE h.account_id = a.account_id AND h.status = 'held'))
                    """, like);
            long debits = query(c, "SELECT count(*) FROM ledger_entries WHERE account_id LIKE ? AND type = 'debit'", like);
            long releases = query(c, "SELECT count(*) FROM ledger_entries WHERE account_id LIKE ? AND type = 'release'", like);
            long balance = query(c, "SELECT sum(balance) FROM accounts WHERE account_id LIKE ?", like);
            long held = query(c, "SELECT sum(held) FROM accounts WHERE account_id LIKE ?", like);
            if (mismatched != 0 || debits != s.expectedDebits || releases != s.expectedReleases
                    || balance != s.expectedTotalBalance(rules) || held != 0) {
                throw new IllegalStateException(String.format(
                        "%s: ledger disagrees: mismatched=%d debits=%d/%d releases=%d/%d balance=%d/%d held=%d", s.name,
                        mismatched, debits, s.expectedDebits, releases, s.expectedReleases, balance,
                        s.expectedTotalBalance(rules), held));
            }
        }
    }

    private void report(Scenario burst, Measurement b, Measurement replay, Measurement paced, Measurement base, String load)
            throws SQLException {
        String settings;
        try (Connection c = connect()) {
            settings = "PostgreSQL " + show(c, "server_version") + " (synchronous_commit=" + show(c, "synchronous_commit")
                    + ", fsync=" + show(c, "fsync") + ")";
        }
        System.out.println();
        System.out.println("== credit-service settlement benchmark ==");
        System.out.printf("machine: %d cores, Java %s; %s; Kafka (in-JVM KRaft broker), %d partitions, "
                + "%d consumers, max.poll.records=%d%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), settings, options.partitions(), options.consumers(),
                options.maxPollRecords());
        System.out.println("load average (1 min) before -> after the measured passes: " + load);
        System.out.printf("data: %d accounts per scenario, %.0f%% of events on one hot account, %d byok (%.0f%%), "
                + "%d credits (90%% succeeded, %d without a hold)%n", options.accounts(), options.hotShare() * 100,
                burst.byokEvents, 100.0 * burst.byokEvents / burst.records.size(), burst.creditsEvents, burst.withoutHold);
        line("batch, burst (all produced at once)", b, true);
        line("batch, replay of the whole topic", replay, false);
        line("batch, paced at " + options.pacedRate() + " events/s", paced, true);
        line("baseline, one transaction per event", base, true);
        System.out.printf("ratio batch/baseline: %.1fx%n", b.eventsPerSecond() / base.eventsPerSecond());
        System.out.println("exactly-once: every scenario's balances equal their ledger sums, one debit per succeeded credits "
                + "event, one release per failed held one, nothing left held; the replay changed nothing.");
    }

    private static void line(String what, Measurement m, boolean withLag) {
        System.out.printf("%-38s %7d events in %6.2f s = %7.0f events/s (first to last commit), %6d transactions",
                what, m.events(), m.seconds(), m.eventsPerSecond(), m.transactions());
        System.out.println(withLag
                ? String.format("; lag p50 %d ms, p99 %d ms, max %d ms", m.p50LagMs(), m.p99LagMs(), m.maxLagMs())
                : "; (lag: not meaningful, records were written earlier)");
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.username(), EmbeddedDatabase.password());
        try (PreparedStatement s = c.prepareStatement("SET synchronous_commit = on")) {
            // Durable commits, as production must run: an offset may only be committed after a commit that survives a crash.
            s.execute();
        }
        c.setAutoCommit(false);
        return c;
    }

    private static long query(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SHOW " + setting); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long percentile(long[] sorted, int n, double p) {
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }
}
