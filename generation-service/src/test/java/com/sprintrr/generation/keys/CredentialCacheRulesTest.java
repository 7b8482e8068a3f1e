package com.sprintrr.generation.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.sprintrr.providers.ApiKey;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.ProviderTarget;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The cache's rules one step at a time, on a clock the test moves: the fence, the versions that
 * decide what may be kept (a fill racing an invalidation), the start position, expiry and bounds.
 */
class CredentialCacheRulesTest {

    private static final Duration FENCE = Duration.ofMillis(500);
    private static final Duration RETENTION = Duration.ofSeconds(60);
    private static final Duration FILL_MAX = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CredentialCache cache = cache(true, 100);

    private CredentialCache cache(boolean enabled, int maxEntries) {
        return new CredentialCache(enabled, FENCE, maxEntries, IDLE, MAX_AGE, RETENTION, FILL_MAX, meters, clock::get);
    }

    private static Optional<ByokCredential> credential(String model) {
        return Optional.of(new ByokCredential(new ProviderTarget(Provider.ANTHROPIC, model, ApiKey.of("sk-ant-test-" + model)), 1L));
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    /** The consumer took its start position a retention ago and has just caught up. */
    private void started(CredentialCache cache) {
        cache.restart();
        advance(RETENTION);
        cache.caughtUp(clock.get());
    }

    @Test
    void aKeptAnswerIsUsedOnlyWhileTheFenceIsFresh() {
        started(cache);
        Optional<ByokCredential> answer = credential("m-1");
        cache.fill("a", cache.now(), 1L, answer);

        assertSame(answer, cache.lookup("a"));
        advance(FENCE.minusMillis(1));
        assertSame(answer, cache.lookup("a"), "just within the fence");
        advance(Duration.ofMillis(1));
        assertNull(cache.lookup("a"), "stale fence: key-service is asked");
        cache.caughtUp(clock.get());
        assertSame(answer, cache.lookup("a"), "fresh again");
        assertEquals(3.0, meters.counter("sprintrr.credential.cache.lookups", "result", "hit").count());
        assertEquals(1.0, meters.counter("sprintrr.credential.cache.lookups", "result", "bypassed").count());
    }

    @Test
    void bypassedUntilTheConsumerHasEverCaughtUp() {
        assertNull(cache.lookup("a"));
        assertEquals(1.0, meters.counter("sprintrr.credential.cache.lookups", "result", "bypassed").count());
    }

    @Test
    void aFillRacingAnInvalidationWithANewerVersionIsUsedOnceButNotKept() {
        started(cache);
        long started = cache.now();
        // key-service answered version 5, but before the answer is stored, the record of version 6 arrives.
        cache.invalidate("a", 6);
        cache.fill("a", started, 5L, credential("m-5"));

        assertFalse(cache.holds("a"));
        assertNull(cache.lookup("a"));
        assertEquals(1.0, meters.counter("sprintrr.credential.cache.lookups", "result", "miss").count());

        cache.fill("a", cache.now(), 6L, credential("m-6"));
        assertEquals("m-6", cache.lookup("a").orElseThrow().target().model(), "an answer at the new version is kept");
    }

    @Test
    void anInvalidationDropsOlderAnswersAndKeepsOnesAlreadyAtItsVersion() {
        started(cache);
        cache.fill("a", cache.now(), 3L, credential("m-3"));
        cache.fill("b", cache.now(), 4L, Optional.empty());

        cache.invalidate("a", 4);
        cache.invalidate("b", 4);

        assertNull(cache.lookup("a"));
        assertEquals(Optional.empty(), cache.lookup("b"), "b was read at version 4 already: still BYOK off");
        assertEquals(2.0, meters.counter("sprintrr.credential.cache.invalidations").count());
    }

    @Test
    void anOlderAnswerArrivingLateNeverReplacesANewerOne() {
        started(cache);
        long early = cache.now();
        cache.fill("a", cache.now(), 8L, credential("m-8"));
        cache.fill("a", early, 7L, credential("m-7"));

        assertEquals("m-8", cache.lookup("a").orElseThrow().target().model());
    }

    @Test
    void nothingIsKeptBeforeTheConsumerHasAStartPositionNorForARetentionAfterIt() {
        cache.fill("a", cache.now(), 1L, credential("m-1"));
        assertFalse(cache.holds("a"), "no start position yet");

        cache.restart();
        cache.caughtUp(cache.now());
        cache.fill("a", cache.now(), 1L, credential("m-1"));
        assertFalse(cache.holds("a"), "a change published just before the start position may not have committed yet");

        advance(RETENTION);
        cache.fill("a", cache.now(), 1L, credential("m-1"));
        assertTrue(cache.holds("a"));
    }

    @Test
    void aRestartDropsEverythingAndStalesTheFence() {
        started(cache);
        long before = cache.now();
        cache.fill("a", before, 1L, credential("m-1"));

        cache.restart();

        assertFalse(cache.holds("a"));
        cache.caughtUp(cache.now());
        advance(RETENTION);
        cache.fill("a", before, 1L, credential("m-1"));
        assertFalse(cache.holds("a"), "a call started before the restart is not kept");
    }

    @Test
    void answersWithoutAStateVersionAreNeverKept() {
        started(cache);
        cache.fill("a", cache.now(), null, credential("m-1"));

        assertFalse(cache.holds("a"), "a key-service from before issue 12 is asked every time");
    }

    @Test
    void aCallThatTookLongerThanAnInternalCallCanIsNotKept() {
        started(cache);
        long started = cache.now();
        advance(FILL_MAX.plusMillis(1));
        cache.caughtUp(cache.now());

        cache.fill("a", started, 1L, credential("m-1"));

        assertFalse(cache.holds("a"));
    }

    @Test
    void idleAnswersExpireAndInvalidationsAreForgottenAfterTheRetention() {
        started(cache);
        cache.fill("a", cache.now(), 1L, credential("m-1"));
        cache.invalidate("b", 9);

        advance(IDLE);
        cache.caughtUp(cache.now());
        assertNull(cache.lookup("a"), "unused for the idle expiry");

        cache.sweep();
        assertFalse(cache.holds("a"));
        assertEquals(0.0, meters.get("sprintrr.credential.cache.size").gauge().value(), "nothing left to remember");

        cache.fill("b", cache.now(), 8L, credential("m-8"));
        assertTrue(cache.holds("b"), "version 9's invalidation was forgotten: every change before it has committed long ago");
    }

    @Test
    void anAnswerInConstantUseIsAskedAgainAfterTheMaxAge() {
        // A model retired from key-service's catalog changes the answer without any record: the
        // max age is what brings it to an account that never stops generating.
        started(cache);
        Optional<ByokCredential> answer = credential("m-1");
        cache.fill("a", cache.now(), 1L, answer);
        for (Duration used = Duration.ZERO; used.compareTo(MAX_AGE) < 0; used = used.plus(FENCE.dividedBy(2))) {
            cache.caughtUp(cache.now());
            assertSame(answer, cache.lookup("a"), "used " + used + " after it was read");
            advance(FENCE.dividedBy(2));
        }
        cache.caughtUp(cache.now());
        assertNull(cache.lookup("a"), "read a max age ago: key-service is asked again");
    }

    @Test
    void anInvalidationIsRememberedForTheRetentionAndALongestCall() {
        started(cache);
        cache.invalidate("b", 9);
        advance(RETENTION.plus(FILL_MAX).minusMillis(1));
        cache.sweep();
        cache.caughtUp(cache.now());

        cache.fill("b", cache.now(), 8L, credential("m-8"));

        assertFalse(cache.holds("b"));
    }

    @Test
    void atMostMaxEntriesAccountsAreHeld() {
        CredentialCache small = cache(true, 2);
        started(small);
        small.fill("a", small.now(), 1L, credential("m"));
        small.fill("b", small.now(), 1L, credential("m"));
        small.fill("c", small.now(), 1L, credential("m"));

        assertTrue(small.holds("a") && small.holds("b"));
        assertFalse(small.holds("c"));
        small.fill("a", small.now(), 2L, credential("m-2"));
        assertEquals("m-2", small.lookup("a").orElseThrow().target().model(), "an account already held is refreshed");
    }

    @Test
    void theConsumerProvesItIsCaughtUpOnlyWhileGenerationsLookUp() {
        assertFalse(cache.inUse(), "an idle service sends no ListOffsets requests");
        cache.lookup("a");
        assertTrue(cache.inUse());
        advance(Duration.ofSeconds(10));
        assertFalse(cache.inUse());
    }

    @Test
    void aDisabledCacheNeverAnswersNorKeeps() {
        CredentialCache off = cache(false, 100);
        started(off);
        off.fill("a", off.now(), 1L, credential("m"));

        assertNull(off.lookup("a"));
        assertFalse(off.holds("a"));
        assertFalse(off.ready());
    }
}
