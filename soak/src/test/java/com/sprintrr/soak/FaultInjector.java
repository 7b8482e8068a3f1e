package com.sprintrr.soak;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.ServiceInstance;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.ProviderFake;

/**
 * Plays a {@link FaultSchedule} against the running system until the load ends, then heals
 * everything: every instance running and ready, Kafka up, PostgreSQL thawed, providers healthy.
 */
final class FaultInjector {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final LocalStack stack;
    private final ProviderFake fake;
    /** Held while PostgreSQL is frozen, so a checkpoint never reads a stopped database. */
    final ReentrantLock database = new ReentrantLock();
    final ConcurrentMap<FaultSchedule.Kind, AtomicLong> injected = new ConcurrentHashMap<>();
    /** Faults that could not be injected or healed: the run cannot be trusted then. */
    final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean kafkaDown;

    FaultInjector(LocalStack stack, ProviderFake fake) {
        this.stack = stack;
        this.fake = fake;
    }

    /** Runs one lane of faults until the deadline; each fault is healed before the next one starts. */
    void runLane(List<FaultSchedule.Fault> lane, long deadlineNanos) {
        for (FaultSchedule.Fault fault : lane) {
            if (!pauseUntil(System.nanoTime() + fault.pause().toNanos(), deadlineNanos)) {
                return;
            }
            try {
                inject(fault, deadlineNanos);
                injected.computeIfAbsent(fault.kind(), k -> new AtomicLong()).incrementAndGet();
            } catch (Exception e) {
                errors.add(fault + ": " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    long total() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void inject(FaultSchedule.Fault fault, long deadlineNanos) throws Exception {
        System.out.printf("[soak] fault %s%n", fault);
        switch (fault.kind()) {
            case KILL_INSTANCE, STOP_INSTANCE -> {
                ServiceInstance instance = stack.instances(fault.service()).get(fault.instance());
                if (fault.kind() == FaultSchedule.Kind.KILL_INSTANCE) {
                    instance.kill();
                } else {
                    instance.stop();
                }
                LockSupport.parkNanos(fault.length().toNanos());
                instance.start();
                instance.awaitReady(READY_TIMEOUT, 3);
            }
            case STOP_KAFKA, CRASH_KAFKA -> {
                kafkaDown = true;
                stack.stopKafka(fault.kind() == FaultSchedule.Kind.CRASH_KAFKA);
                try {
                    LockSupport.parkNanos(fault.length().toNanos());
                } finally {
                    stack.startKafka();
                    kafkaDown = false;
                }
            }
            case FREEZE_POSTGRES -> {
                database.lock();
                try {
                    stack.signalPostgres(true);
                    try {
                        LockSupport.parkNanos(fault.length().toNanos());
                    } finally {
                        stack.signalPostgres(false);
                    }
                } finally {
                    database.unlock();
                }
            }
            case SLOW_PROVIDER, FAILING_PROVIDER, MALFORMED_PROVIDER -> {
                Set<UUID> healthy = stubIds();
                try {
                    breakProvider(fault);
                    pauseUntil(System.nanoTime() + fault.length().toNanos(), Long.MAX_VALUE);
                } finally {
                    for (StubMapping stub : fake.server().getStubMappings()) {
                        if (!healthy.contains(stub.getId())) {
                            fake.server().removeStub(stub);
                        }
                    }
                }
            }
        }
    }

    private void breakProvider(FaultSchedule.Fault fault) {
        Provider provider = fault.provider();
        switch (fault.kind()) {
            case SLOW_PROVIDER -> {
                Duration total = Duration.ofMillis(1_000 + fault.variant() * 5L);
                fake.dribbleRecorded(provider, false, total);
                fake.dribbleRecorded(provider, true, total);
            }
            case FAILING_PROVIDER -> {
                List<ProviderError> errors = java.util.Arrays.stream(ProviderError.values())
                        .filter(e -> e.provider() == provider).toList();
                fake.failGeneration(errors.get(fault.variant() % errors.size()));
            }
            case MALFORMED_PROVIDER -> {
                if (fault.variant() % 2 == 0) {
                    fake.replyGeneration(provider, false, "{\"id\":\"soak-malformed\",\"content\":[{\"type\":");
                    fake.replyGeneration(provider, true, "data: {\"type\":\"message_start\"\n\ndata: <html>oops</html>\n\n");
                } else {
                    fake.replyGeneration(provider, false, "<html><body>502 Bad Gateway</body></html>");
                    fake.replyTruncatedStream(provider);
                }
            }
            default -> throw new IllegalArgumentException(fault.kind() + " is not a provider fault");
        }
    }

    private Set<UUID> stubIds() {
        Set<UUID> ids = new HashSet<>();
        for (StubMapping stub : fake.server().getStubMappings()) {
            ids.add(stub.getId());
        }
        return ids;
    }

    /** Heals whatever a lane left broken (it heals its own faults; this is the belt and braces). */
    void healAll() {
        try {
            if (kafkaDown) {
                stack.startKafka();
                kafkaDown = false;
            }
            for (var service : com.sprintrr.localstack.Service.values()) {
                for (ServiceInstance instance : stack.instances(service)) {
                    instance.start();
                }
            }
            for (var service : com.sprintrr.localstack.Service.values()) {
                for (ServiceInstance instance : stack.instances(service)) {
                    instance.awaitReady(READY_TIMEOUT, 3);
                }
            }
        } catch (Exception e) {
            errors.add("healing: " + e);
        }
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        injected.forEach((kind, n) -> counts.put(kind.name(), n.get()));
        return counts;
    }

    /** Parks until {@code untilNanos}; false (without waiting) when that is past the deadline. */
    private static boolean pauseUntil(long untilNanos, long deadlineNanos) {
        if (untilNanos - deadlineNanos > 0) {
            return false;
        }
        long left;
        while ((left = untilNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
