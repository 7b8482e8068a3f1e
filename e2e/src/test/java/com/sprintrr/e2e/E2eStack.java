package com.sprintrr.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;
import com.sprintrr.providers.Provider;
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
            Path root = Path.of(System.getProperty("sprintrr.repo.root", "..")).toAbsolutePath().normalize();
            Path work = Path.of(System.getProperty("sprintrr.e2e.work", "target/e2e-stack")).toAbsolutePath();
            Files.createDirectories(work);
            Map<String, String> env = new HashMap<>();
            for (Provider provider : Provider.values()) {
                String name = provider.name();
                env.put("SPRINTRR_PROVIDERS_" + name + "_BASE_URL", fake.baseUrl(provider));
                env.put("SPRINTRR_PROVIDERS_" + name + "_PLATFORM_KEY", ProviderFake.platformKey(provider));
            }
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, freePort());
            }
            LocalStack stack = LocalStack.start(new LocalStack.Options(root, work, freePort(), freePort(), freePort(),
                    ports, env, false));
            return new E2eStack(fake, stack);
        } catch (Exception | Error e) {
            fake.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
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
