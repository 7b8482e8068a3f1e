package com.sprintrr.generation.keys;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.sprintrr.generation.config.GenerationConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * key-service's credential answers (an enabled credential, or "BYOK off") per account with the
 * {@code stateVersion} they were read at, invalidated by the records of {@link ByokChanges}, and
 * used only behind a fence: while that consumer has proven within {@code credential-cache.fence}
 * that it had applied every record acknowledged before the proof. A change that returned at t' had
 * its record acknowledged before t', so a lookup passing the fence at t' + 1 s sees it applied.
 *
 * <p>Decrypted keys stay in this map, in memory only: nothing here logs, serialises or measures an
 * entry (the metrics carry no account id). Times are {@code System.nanoTime()} values.
 */
@ApplicationScoped
public class CredentialCache {

    /** No invalidation remembered for the account. */
    private static final long NO_VERSION = -1;
    /** Lookups note their time at most this often (one volatile write a second, not one per generation). */
    private static final long LOOKUP_NOTE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Without a lookup for this long the consumer stops proving it is caught up (it still applies records). */
    private static final long IN_USE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** An account: its cached answer (or none) and the newest version an invalidation demanded. */
    private record Slot(Entry entry, long minVersion, long minVersionAt) {

        Slot withEntry(Entry replacement) {
            return new Slot(replacement, minVersion, minVersionAt);
        }
    }

    /** A cached answer read from key-service at {@code version}; a hit refreshes lastUsed. */
    private static final class Entry {

        final Optional<ByokCredential> answer;
        final long version;
        final long readAt;
        volatile long lastUsed;

        Entry(Optional<ByokCredential> answer, long version, long now) {
            this.answer = answer;
            this.version = version;
            this.readAt = now;
            this.lastUsed = now;
        }

        @Override
        public String toString() {
            // The answer's key redacts itself, but no entry has a reason to be printed at all.
            return "Entry[version=" + version + "]";
        }
    }

    private final boolean enabled;
    private final long fenceNanos;
    private final long idleNanos;
    private final long maxAgeNanos;
    private final long retentionNanos;
    /** A fill that took longer than this (a paused thread) is not kept: its answer may be older than it looks. */
    private final long fillMaxNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /** When the consumer last started a round it completed (records applied up to the end offsets it took then). */
    private volatile long caughtUpAsOf;
    /** Fills started before this are not kept: the consumer skipped records published before its start position. */
    private volatile long keepFillsStartedFrom;
    /** About when the last lookup came (to within LOOKUP_NOTE_NANOS). */
    private volatile long lastLookupAt;

    private final Counter hits;
    private final Counter misses;
    private final Counter bypassed;
    private final Counter invalidations;

    @Inject
    CredentialCache(GenerationConfig config, MeterRegistry meters) {
        this(config.credentialCache().enabled(), config.credentialCache().fence(), config.credentialCache().maxEntries(),
                config.credentialCache().idleExpiry(), config.credentialCache().maxAge(),
                config.credentialCache().invalidationRetention(),
                // A fill is one internal call: at most two connection attempts and the read timeout.
                config.internal().connectTimeout().multipliedBy(2).plus(config.internal().readTimeout()),
                meters, System::nanoTime);
    }

    CredentialCache(boolean enabled, Duration fence, int maxEntries, Duration idleExpiry, Duration maxAge,
            Duration retention, Duration fillMax, MeterRegistry meters, LongSupplier clock) {
        this.enabled = enabled;
        this.fenceNanos = fence.toNanos();
        this.idleNanos = idleExpiry.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.retentionNanos = retention.toNanos();
        this.fillMaxNanos = fillMax.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
        long now = clock.getAsLong();
        this.caughtUpAsOf = staleFence(now);
        this.lastLookupAt = now - IN_USE_NANOS;
        // Until the consumer has a start position, nothing is kept (about 73 years from now: never).
        this.keepFillsStartedFrom = now + Long.MAX_VALUE / 4;
        this.hits = lookups(meters, "hit");
        this.misses = lookups(meters, "miss");
        this.bypassed = lookups(meters, "bypassed");
        this.invalidations = Counter.builder("sprintrr.credential.cache.invalidations")
                .description("byok-changes records applied to the credential cache")
                .register(meters);
        if (enabled) {
            Gauge.builder("sprintrr.credential.cache.fence.age.seconds", this,
                    cache -> (cache.clock.getAsLong() - cache.caughtUpAsOf) / 1e9)
                    .description("time since the byok-changes consumer last proved it was caught up; "
                            + "cached credentials are used only while it is below the fence")
                    .register(meters);
            Gauge.builder("sprintrr.credential.cache.size", slots, ConcurrentHashMap::size)
                    .description("accounts with a cached credential answer or a recent invalidation")
                    .register(meters);
        }
    }

    private static Counter lookups(MeterRegistry meters, String result) {
        return Counter.builder("sprintrr.credential.cache.lookups")
                .description("credential lookups: hit (no key-service call), miss (nothing cached), "
                        + "bypassed (the fence was stale: key-service asked)")
                .tag("result", result)
                .register(meters);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The clock lookups and fills are timed with; a fill takes its start from it before asking key-service. */
    long now() {
        return clock.getAsLong();
    }

    /**
     * The cached answer, or null when key-service must be asked: the cache is off, the fence is
     * stale, or nothing usable is cached for the account.
     */
    Optional<ByokCredential> lookup(String accountId) {
        if (!enabled) {
            return null;
        }
        long now = clock.getAsLong();
        noteUse(now);
        // The fence first: the records it vouches for were applied before it was written.
        if (now - caughtUpAsOf >= fenceNanos) {
            bypassed.increment();
            return null;
        }
        Slot slot = slots.get(accountId);
        Entry entry = slot == null ? null : slot.entry();
        if (entry == null || now - entry.lastUsed >= idleNanos || now - entry.readAt >= maxAgeNanos) {
            misses.increment();
            return null;
        }
        entry.lastUsed = now;
        hits.increment();
        return entry.answer;
    }

    /**
     * Keeps key-service's answer, read at stateVersion by a call started at startedAt, unless it may
     * predate a change the consumer already knows of (an invalidation with a higher version), a
     * newer answer is kept already, the consumer's start position is too recent, the call took too
     * long, or the answer carries no version (a key-service before issue 12). Either way the caller
     * uses the answer for its own generation.
     */
    void fill(String accountId, long startedAt, Long stateVersion, Optional<ByokCredential> answer) {
        if (!enabled || stateVersion == null) {
            return;
        }
        long now = clock.getAsLong();
        if (startedAt - keepFillsStartedFrom < 0 || now - startedAt > fillMaxNanos) {
            return;
        }
        long version = stateVersion;
        Entry fresh = new Entry(answer, version, now);
        slots.compute(accountId, (account, slot) -> {
            if (slot == null) {
                return slots.size() < maxEntries ? new Slot(fresh, NO_VERSION, 0) : null;
            }
            if (version < slot.minVersion() || (slot.entry() != null && slot.entry().version > version)) {
                return slot;
            }
            return slot.withEntry(fresh);
        });
        if (startedAt - keepFillsStartedFrom < 0) {
            // The consumer restarted meanwhile: either its clear() removes this entry or this does.
            slots.computeIfPresent(accountId, (account, slot) -> slot.entry() == fresh ? slot.withEntry(null) : slot);
        }
    }

    /** A record of byok-changes: the account's state reached version; older answers are dropped and never kept again. */
    void invalidate(String accountId, long version) {
        long now = clock.getAsLong();
        slots.compute(accountId, (account, slot) -> {
            if (slot == null) {
                return new Slot(null, version, now);
            }
            Entry entry = slot.entry() != null && slot.entry().version >= version ? slot.entry() : null;
            return new Slot(entry, Math.max(slot.minVersion(), version), now);
        });
        invalidations.increment();
    }

    private void noteUse(long now) {
        if (now - lastLookupAt > LOOKUP_NOTE_NANOS) {
            lastLookupAt = now;
        }
    }

    /**
     * Whether generations asked lately: only then does the consumer prove every round that it is
     * caught up (an idle service makes no ListOffsets requests; its first generations ask key-service).
     */
    boolean inUse() {
        return clock.getAsLong() - lastLookupAt < IN_USE_NANOS;
    }

    /** The consumer had applied every record below the end offsets it took at asOf. */
    void caughtUp(long asOf) {
        caughtUpAsOf = asOf;
    }

    /**
     * The consumer reads from a new start position (its first, or after records were lost): what
     * was published before it is unknown, so everything is dropped, the fence is stale, and answers
     * are kept again only from calls started a retention later (by then every change published
     * before the start position has committed or failed).
     */
    void restart() {
        long now = clock.getAsLong();
        caughtUpAsOf = staleFence(now);
        keepFillsStartedFrom = now + retentionNanos;
        slots.clear();
    }

    /** Drops answers idle for the idle expiry and invalidations older than the retention (plus a fill's longest call). */
    void sweep() {
        long now = clock.getAsLong();
        long keepMinNanos = retentionNanos + fillMaxNanos;
        for (String account : slots.keySet()) {
            slots.computeIfPresent(account, (key, slot) -> {
                Entry entry = slot.entry() != null && now - slot.entry().lastUsed < idleNanos ? slot.entry() : null;
                boolean keepMin = slot.minVersion() != NO_VERSION && now - slot.minVersionAt() < keepMinNanos;
                if (entry == null && !keepMin) {
                    return null;
                }
                if (keepMin || slot.minVersion() == NO_VERSION) {
                    return entry == slot.entry() ? slot : slot.withEntry(entry);
                }
                return new Slot(entry, NO_VERSION, 0);
            });
        }
    }

    /**
     * Whether a lookup now would pass the fence and a call started now could be kept (tests wait for
     * it; asking counts as a use, so the consumer starts proving).
     */
    boolean ready() {
        long now = clock.getAsLong();
        noteUse(now);
        return enabled && now - caughtUpAsOf < fenceNanos && now - keepFillsStartedFrom >= 0;
    }

    /** The value of the fence (a {@code System.nanoTime()}); tests compare it with a record's acknowledgement. */
    long caughtUpAsOf() {
        return caughtUpAsOf;
    }

    /** Whether an answer is cached for the account (tests). */
    boolean holds(String accountId) {
        Slot slot = slots.get(accountId);
        return slot != null && slot.entry() != null;
    }

    private long staleFence(long now) {
        return now - fenceNanos - TimeUnit.SECONDS.toNanos(1);
    }
}
