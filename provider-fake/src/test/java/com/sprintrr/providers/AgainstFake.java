package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sprintrr.providers.fake.ProviderFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** Base of the tests that talk HTTP: one fake per test class, reset before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgainstFake {

    static final Prompt PROMPT = new Prompt("Answer in one sentence.", "What is the capital of France?", 256);

    ProviderFake fake;
    ProviderClient client;

    @BeforeAll
    void startFake() {
        fake = ProviderFake.start();
        client = new ProviderClient(fake.settings());
    }

    @AfterAll
    void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    static String key(Provider provider) {
        return ProviderFake.sampleKey(provider);
    }

    static String model(Provider provider) {
        return switch (provider) {
            case ANTHROPIC -> "claude-sonnet-4-6";
            case OPENAI -> "gpt-4o-mini";
            case GEMINI -> "gemini-2.5-flash";
        };
    }

    /** A client on the fake with short timeouts, for the tests that wait on purpose. */
    ProviderClient clientWithTimeouts(Duration validationTimeout, Duration requestTimeout) {
        return new ProviderClient(new ProviderSettings(fake.baseUrls(), Duration.ofSeconds(2), validationTimeout,
                requestTimeout));
    }

    /** A client whose providers all live on a port nobody listens on. */
    static ProviderClient clientOfClosedPort() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Provider, String> urls = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            urls.put(provider, "http://localhost:" + port + "/" + provider.id());
        }
        ProviderSettings defaults = ProviderSettings.defaults();
        return new ProviderClient(new ProviderSettings(urls, Duration.ofSeconds(2), defaults.validationTimeout(),
                defaults.requestTimeout()));
    }

    /** Runs a plain or streamed generation that must fail, and returns the failure. */
    static ProviderException failure(ProviderClient client, Provider provider, boolean stream) {
        return assertThrows(ProviderException.class, () -> generate(client, provider, stream, new CopyOnWriteArrayList<>()));
    }

    /** A plain call, or a stream whose deltas are collected into deltas. */
    static Completion generate(ProviderClient client, Provider provider, boolean stream, List<String> deltas) {
        return stream
                ? client.stream(provider, key(provider), model(provider), PROMPT, deltas::add)
                : client.generate(provider, key(provider), model(provider), PROMPT);
    }
}
