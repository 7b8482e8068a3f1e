package com.sprintrr.keys.changes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.ChangeRecords;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Refusal;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every change of an account's keys or settings counts one state version and has its byok-changes
 * record acknowledged by Kafka before it answers (issue 12's credential cache depends on it); the
 * internal answers carry the committed version; refusals and no-ops publish nothing.
 */
@QuarkusTest
class ByokChangesTest extends KeyServiceTestBase {

    private ChangeRecords records;

    @BeforeEach
    void readByokChangesFromNow() {
        records = ChangeRecords.fromNow();
    }

    @AfterEach
    void stopReading() {
        records.close();
    }

    @Test
    void savingAKeyCountsVersionOneAndIsAcknowledgedBeforeItAnswers() {
        String account = TestKeys.account();
        Api.state(account).statusCode(200).body("stateVersion", is(0));

        Api.saveKey(account, Provider.OPENAI, acceptedKey(Provider.OPENAI)).statusCode(200);

        assertAnnounced(account, 1);
    }

    @Test
    void replacingAKeyCountsTheNextVersion() {
        String account = announcedAccountWithKey(Provider.ANTHROPIC);

        Api.saveKey(account, Provider.ANTHROPIC, acceptedKey(Provider.ANTHROPIC)).statusCode(200);

        assertAnnounced(account, 2);
    }

    @Test
    void changingTheModelCountsTheNextVersion() {
        String account = announcedAccountWithKey(Provider.GEMINI);

        Api.changeModel(account, Provider.GEMINI, "gemini-2.5-pro").statusCode(200);
        assertAnnounced(account, 2);

        Api.changeModel(account, Provider.GEMINI, null).statusCode(200);
        assertAnnounced(account, 3);
    }

    @Test
    void turningByokOnSwitchingTheProviderAndTurningItOffEachCountAVersion() {
        String account = announcedAccountWithKey(Provider.OPENAI);
        Api.saveKey(account, Provider.ANTHROPIC, acceptedKey(Provider.ANTHROPIC)).statusCode(200);
        assertAnnounced(account, 2);

        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        assertAnnounced(account, 3);
        Api.settings(account, true, Provider.ANTHROPIC).statusCode(200);
        assertAnnounced(account, 4);
        Api.settings(account, false, Provider.ANTHROPIC).statusCode(200);
        assertAnnounced(account, 5);
    }

    @Test
    void deletingAKeyCountsOneVersionAlsoWhenItTurnsByokOff() {
        String account = announcedAccountWithKey(Provider.OPENAI);
        Api.saveKey(account, Provider.GEMINI, acceptedKey(Provider.GEMINI)).statusCode(200);
        Api.settings(account, true, Provider.GEMINI).statusCode(200);
        records.acknowledged(account);

        Api.delete(account, Provider.OPENAI).statusCode(204);
        assertAnnounced(account, 4);
        // The active provider's key: two rows change (settings off, key gone), one change, one version.
        Api.delete(account, Provider.GEMINI).statusCode(204);
        assertAnnounced(account, 5);
        Api.state(account).body("enabled", is(false));
    }

    @Test
    void refusalsAndChangesThatChangeNothingPublishNothingAndKeepTheVersion() {
        String account = announcedAccountWithKey(Provider.OPENAI);
        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        assertAnnounced(account, 2);

        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        Api.settings(account, true, Provider.GEMINI).statusCode(409).body("code", is("no_key_for_provider"));
        Api.settings(account, true, null).statusCode(400).body("code", is("invalid_request"));
        Api.changeModel(account, Provider.ANTHROPIC, "claude-opus-4-6").statusCode(404).body("code", is("key_not_found"));
        Api.delete(account, Provider.GEMINI).statusCode(404).body("code", is("key_not_found"));
        Api.saveKey(account, Provider.OPENAI, acceptedKey(Provider.OPENAI), "not-a-model").statusCode(400)
                .body("code", is("unsupported_model"));
        String refused = TestKeys.key(Provider.OPENAI);
        fake.refuseKey(Provider.OPENAI, refused, Refusal.OPENAI_INVALID);
        Api.saveKey(account, Provider.OPENAI, refused).statusCode(422).body("code", is("key_rejected"));

        assertNothingAnnounced(account, 2);
    }

    @Test
    void checksAndKeyHealthAreNotStateChanges() {
        String account = announcedAccountWithKey(Provider.ANTHROPIC);

        // Only the key's health changes (status, validatedAt): the credential answer stays the same.
        Api.check(account, Provider.ANTHROPIC).statusCode(200);

        assertNothingAnnounced(account, 1);
    }

    @Test
    void theRecordHoldsTheAccountAndTheVersionOnly() {
        String account = TestKeys.account();
        String key = acceptedKey(Provider.OPENAI);
        String hint = Api.saveKey(account, Provider.OPENAI, key).statusCode(200).extract().path("hint");

        List<ConsumerRecord<String, String>> published = records.acknowledged(account);

        assertThat(published, hasSize(1));
        ConsumerRecord<String, String> record = published.get(0);
        assertThat(record.key(), is(account));
        assertThat(record.value(), is(ChangeRecords.value(account, 1)));
        assertThat(record.value(), not(containsString(key)));
        assertThat(record.value(), not(containsString(hint)));
        assertThat(record.headers().toArray().length, is(0));
    }

    @Test
    void theInternalAnswersCarryTheCommittedVersion() {
        String account = TestKeys.account();
        Api.state(account).statusCode(200).body("stateVersion", is(0));
        Api.credential(account).statusCode(409).contentType(Api.PROBLEM_JSON)
                .body("code", is("byok_disabled")).body("stateVersion", is(0));

        Api.saveKey(account, Provider.OPENAI, acceptedKey(Provider.OPENAI)).statusCode(200);
        Api.state(account).body("stateVersion", is(1));
        Api.credential(account).statusCode(409).body("code", is("byok_disabled")).body("stateVersion", is(1));

        Api.settings(account, true, Provider.OPENAI).statusCode(200);
        Api.state(account).body("enabled", is(true)).body("stateVersion", is(2));
        Api.credential(account).statusCode(200).body("provider", is("openai")).body("stateVersion", is(2));

        Api.settings(account, false, Provider.OPENAI).statusCode(200);
        Api.credential(account).statusCode(409).body("stateVersion", is(3));
    }

    @Test
    void concurrentChangesOfOneAccountGetStrictlyIncreasingVersionsPublishedInOrder() throws Exception {
        String account = announcedAccountWithKey(Provider.OPENAI);
        String[] models = { "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "gpt-4o-mini" };
        int threads = 6;
        int changesEach = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < changesEach; i++) {
                    String model = models[(t + i) % models.length];
                    statuses.add(pool.submit(() -> Api.changeModel(account, Provider.OPENAI, model).extract().statusCode()));
                }
            }
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get(120, TimeUnit.SECONDS));
            }
            assertThat(answered, everyItem(is(200)));
        } finally {
            pool.shutdownNow();
        }

        long last = 1 + (long) threads * changesEach;
        // One key, one partition: the records in publish order are exactly 2, 3, ..., last.
        List<String> expected = LongStream.rangeClosed(2, last).mapToObj(v -> ChangeRecords.value(account, v)).toList();
        assertThat(records.acknowledged(account).stream().map(ConsumerRecord::value).toList(), is(expected));
        Api.state(account).body("stateVersion", is((int) last));
    }

    @Test
    void noCommittedVersionIsReadableBeforeItsRecordWasAcknowledged() throws Exception {
        String account = announcedAccountWithKey(Provider.ANTHROPIC);
        int changes = 20;
        AtomicBoolean finished = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ChangeRecords watcher = ChangeRecords.fromNow()) {
            // Reads the committed version, then what Kafka had acknowledged by then: never less.
            Future<Integer> watched = pool.submit(() -> {
                long announced = 1;
                int reads = 0;
                do {
                    long committed = stateVersion(account);
                    for (ConsumerRecord<String, String> record : watcher.acknowledged(account)) {
                        announced = Math.max(announced, version(record));
                    }
                    assertThat("version " + committed + " was readable before its record was acknowledged",
                            announced >= committed, is(true));
                    reads++;
                } while (!finished.get());
                return reads;
            });
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                boolean enabled = i % 2 == 0;
                statuses.add(pool.submit(() -> Api.settings(account, enabled, Provider.ANTHROPIC).extract().statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(120, TimeUnit.SECONDS), is(200));
            }
            finished.set(true);
            assertThat(watched.get(120, TimeUnit.SECONDS), greaterThan(0));
        } finally {
            pool.shutdownNow();
        }
    }

    private static long stateVersion(String account) {
        return Api.state(account).statusCode(200).extract().<Number>path("stateVersion").longValue();
    }

    private static long version(ConsumerRecord<String, String> record) {
        Matcher matcher = Pattern.compile("\"stateVersion\":(\\d+)").matcher(record.value());
        assertThat(record.value(), matcher.find(), is(true));
        return Long.parseLong(matcher.group(1));
    }

    /** A fresh account with an accepted key of this provider (version 1), its record already read. */
    private String announcedAccountWithKey(Provider provider) {
        String account = accountWithKey(provider, TestKeys.key(provider));
        assertAnnounced(account, 1);
        return account;
    }

    /** Right after a change answered: its one record, with this version, was already acknowledged. */
    private void assertAnnounced(String account, long version) {
        assertThat(records.acknowledged(account).stream().map(ConsumerRecord::value).toList(),
                contains(ChangeRecords.value(account, version)));
        Api.state(account).body("stateVersion", is((int) version));
    }

    private void assertNothingAnnounced(String account, long version) {
        assertThat(records.acknowledged(account), emptyIterable());
        Api.state(account).body("stateVersion", is((int) version));
    }
}
