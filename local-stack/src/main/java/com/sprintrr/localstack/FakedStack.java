package com.sprintrr.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import com.sprintrr.providers.fake.ProviderFake;

/**
 * The local stack with every provider pointed at one provider fake, started and stopped together:
 * how the end-to-end and soak tests run the system (free ports, data starting empty).
 */
public record FakedStack(ProviderFake fake, LocalStack stack) implements AutoCloseable {

    /**
     * Starts a fake, lets {@code configure} set its answers, then the stack against it
     * ({@link LocalStack#startAgainst}); if the stack fails to start, the fake is stopped too.
     */
    public static FakedStack start(Path workDir, int instances, List<String> javaOptions,
            Consumer<ProviderFake> configure) throws Exception {
        ProviderFake fake = ProviderFake.start();
        try {
            configure.accept(fake);
            return new FakedStack(fake, LocalStack.startAgainst(fake, workDir, instances, javaOptions));
        } catch (Exception | Error e) {
            fake.close();
            throw e;
        }
    }

    /** The stack first (its services call the fake until they stop), then the fake. */
    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            fake.close();
        }
    }
}
