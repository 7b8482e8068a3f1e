package com.sprintrr.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.sprintrr.localstack.Service;
import com.sprintrr.providers.Provider;

/**
 * The faults of one run, derived from its seed alone: the same seed gives the same faults in the
 * same order with the same pauses and lengths. Two lanes run side by side, each one fault at a
 * time: infrastructure (processes, Kafka, PostgreSQL) and providers, so at most one instance of a
 * service is ever down and the system always has a way to make progress.
 */
record FaultSchedule(List<Fault> infrastructure, List<Fault> providers) {

    enum Kind {
        /** kill -9 of one service instance, restarted after {@code length}. */
        KILL_INSTANCE,
        /** SIGTERM of one instance (graceful shutdown, as a rolling deploy), restarted after {@code length}. */
        STOP_INSTANCE,
        /** The Kafka broker stopped gently for {@code length}. */
        STOP_KAFKA,
        /** The Kafka broker killed (-9) for {@code length}. */
        CRASH_KAFKA,
        /** Every PostgreSQL process SIGSTOPped for {@code length}, then SIGCONTed. */
        FREEZE_POSTGRES,
        /** The provider dribbles its answers over a few seconds. */
        SLOW_PROVIDER,
        /** The provider answers with one of its documented errors (429, 5xx, 529). */
        FAILING_PROVIDER,
        /** The provider answers 200 with a body that is not its format. */
        MALFORMED_PROVIDER
    }

    /** One fault: start it {@code pause} after the previous one of its lane healed, keep it {@code length}. */
    record Fault(Duration pause, Kind kind, Service service, int instance, Provider provider, Duration length,
            int variant) {

        @Override
        public String toString() {
            String target = service != null ? service.module() + "#" + instance : provider != null ? provider.id() : "";
            return kind + (target.isEmpty() ? "" : "(" + target + ")") + " for " + length.toMillis() + " ms";
        }
    }

    /** Enough faults for {@code load}: a lane stops taking new ones when the load ends. */
    static FaultSchedule derive(long seed, Duration load, int instances) {
        Random random = new Random(seed ^ 0x5eedfa17L);
        int room = (int) Math.max(4, load.toSeconds() / 5);
        List<Fault> infrastructure = new ArrayList<>();
        List<Fault> providers = new ArrayList<>();
        for (int i = 0; i < room; i++) {
            infrastructure.add(infrastructureFault(random, instances, i == 0));
            providers.add(providerFault(random, i == 0));
        }
        return new FaultSchedule(List.copyOf(infrastructure), List.copyOf(providers));
    }

    private static Fault infrastructureFault(Random random, int instances, boolean first) {
        Duration pause = Duration.ofMillis((first ? 8_000 : 4_000) + random.nextInt(8_000));
        int dice = random.nextInt(100);
        Service service = Service.values()[random.nextInt(Service.values().length)];
        int instance = random.nextInt(instances);
        if (dice < 40) {
            return new Fault(pause, Kind.KILL_INSTANCE, service, instance, null, millis(random, 0, 3_000), 0);
        }
        if (dice < 55) {
            return new Fault(pause, Kind.STOP_INSTANCE, service, instance, null, millis(random, 0, 2_000), 0);
        }
        if (dice < 65) {
            return new Fault(pause, Kind.STOP_KAFKA, null, 0, null, millis(random, 3_000, 15_000), 0);
        }
        if (dice < 75) {
            return new Fault(pause, Kind.CRASH_KAFKA, null, 0, null, millis(random, 3_000, 15_000), 0);
        }
        return new Fault(pause, Kind.FREEZE_POSTGRES, null, 0, null, millis(random, 1_000, 8_000), 0);
    }

    private static Fault providerFault(Random random, boolean first) {
        Duration pause = Duration.ofMillis((first ? 5_000 : 3_000) + random.nextInt(10_000));
        Provider provider = Provider.values()[random.nextInt(Provider.values().length)];
        Kind kind = switch (random.nextInt(3)) {
            case 0 -> Kind.SLOW_PROVIDER;
            case 1 -> Kind.FAILING_PROVIDER;
            default -> Kind.MALFORMED_PROVIDER;
        };
        return new Fault(pause, kind, null, 0, provider, millis(random, 5_000, 20_000), random.nextInt(1_000));
    }

    private static Duration millis(Random random, int min, int max) {
        return Duration.ofMillis(min + random.nextInt(max - min + 1));
    }
}
