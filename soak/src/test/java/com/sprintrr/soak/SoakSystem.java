package com.sprintrr.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.localstack.ServiceInstance;
import com.sprintrr.providers.Provider;
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

    static SoakSystem start(ProviderCalls calls) throws Exception {
        ProviderFake fake = ProviderFake.start();
        try {
            fake.server().addMockServiceRequestListener(calls::observe);
            for (Provider provider : Provider.values()) {
                fake.delayModels(provider, Duration.ZERO);
                fake.replyRecorded(provider, false);
                fake.replyRecorded(provider, true);
            }
            Path work = Path.of(System.getProperty("soak.work", "target/soak-stack")).toAbsolutePath();
            LocalStack stack = LocalStack.startAgainst(fake, work, INSTANCES,
                    List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"));
            return new SoakSystem(fake, stack, calls);
        } catch (Exception | Error e) {
            fake.close();
            throw e;
        }
    }

    private SoakSystem(ProviderFake fake, LocalStack stack, ProviderCalls calls) {
        this.fake = fake;
        this.stack = stack;
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
        try {
            stack.close();
        } finally {
            fake.close();
        }
    }
}
