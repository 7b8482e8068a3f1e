package com.sprintrr.e2e;

import java.nio.file.Path;

import com.sprintrr.localstack.LocalStack;
import com.sprintrr.providers.fake.ProviderFake;

/**
 * The system under test: the local stack on free ports with every provider pointed at one fake.
 * Started once for the end-to-end suite; platform keys are {@link ProviderFake#platformKey}.
 */
final class E2eStack implements AutoCloseable {

    final ProviderFake fake;
    final LocalStack stack;

    private E2eStack(ProviderFake fake, LocalStack stack) {
        this.fake = fake;
        this.stack = stack;
    }

    static E2eStack start() throws Exception {
        ProviderFake fake = ProviderFake.start();
        try {
            Path work = Path.of(System.getProperty("sprintrr.e2e.work", "target/e2e-stack")).toAbsolutePath();
            return new E2eStack(fake, LocalStack.startAgainst(fake, work, 1, LocalStack.DEFAULT_JAVA_OPTIONS));
        } catch (Exception | Error e) {
            fake.close();
            throw e;
        }
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
