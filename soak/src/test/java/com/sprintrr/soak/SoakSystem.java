package com.sprintrr.soak;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sprintrr.localstack.FakedStack;
import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.localstack.ServiceInstance;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.EmbeddedDatabase;

/**
 * The system under soak: two instances of each packaged service (small heaps) sharing one
 * PostgreSQL and one Kafka broker, every provider pointed at one fake that answers with recorded
 * payloads for any key and counts its calls per request token.
 */
final class SoakSystem implements AutoCloseable {

    static final int INSTANCES = 2;

    final ProviderFake fake;
    final ProviderCalls providerCalls;
    final LocalStack stack;

    private final FakedStack running;

    static SoakSystem start(ProviderCalls calls) throws Exception {
        Path work = Path.of(System.getProperty("soak.work", "target/soak-stack")).toAbsolutePath();
        return new SoakSystem(FakedStack.start(work, INSTANCES, List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"),
                fake -> {
                    fake.server().addMockServiceRequestListener(calls::observe);
                    fake.answerRecordedForAnyKey();
                }), calls);
    }

    private SoakSystem(FakedStack running, ProviderCalls calls) {
        this.running = running;
        this.fake = running.fake();
        this.stack = running.stack();
        this.providerCalls = calls;
    }

    InvariantChecker.Databases databases() {
        return new InvariantChecker.Databases(stack.jdbcUrl(Service.CREDIT), stack.jdbcUrl(Service.GENERATION),
                stack.jdbcUrl(Service.KEY), EmbeddedDatabase.username(), EmbeddedDatabase.password());
    }

    /** Every service instance's log file. */
    List<Path> logs() {
        List<Path> logs = new ArrayList<>();
        for (Service service : Service.values()) {
            for (ServiceInstance instance : stack.instances(service)) {
                logs.add(instance.log());
            }
        }
        return logs;
    }

    @Override
    public void close() {
        running.close();
    }
}
