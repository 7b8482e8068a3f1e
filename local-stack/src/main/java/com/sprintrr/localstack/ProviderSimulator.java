package com.sprintrr.localstack;

import java.util.Map;

import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.providers.fake.Refusal;

/**
 * DEVELOPMENT TOOL ONLY: stands in for Anthropic, OpenAI and Gemini on localhost so the BYOK story
 * can be tried offline. It is the test suite's provider fake: every key is accepted except
 * {@value #INVALID_KEY}, and every generation answers with a recorded provider payload.
 */
final class ProviderSimulator implements AutoCloseable {

    /** The one key the simulator refuses, the way each provider refuses an invalid key. */
    static final String INVALID_KEY = "sim-invalid-key";

    private final ProviderFake fake;

    private ProviderSimulator(ProviderFake fake) {
        this.fake = fake;
    }

    static ProviderSimulator start() {
        return configure(ProviderFake.start());
    }

    /**
     * The simulator on its own, as the compose stack's {@code provider-simulator} service runs it:
     * port {@code SPRINTRR_SIMULATOR_PORT} (8090) on every interface, until the process is stopped.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("SPRINTRR_SIMULATOR_PORT", "8090"));
        ProviderSimulator simulator = configure(ProviderFake.start(port));
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-stop"));
        System.out.println("Provider simulator (DEVELOPMENT ONLY) on port " + port
                + ": /anthropic, /openai, /gemini; every key is accepted except " + INVALID_KEY);
        Thread.currentThread().join();
    }

    private static ProviderSimulator configure(ProviderFake fake) {
        fake.answerRecordedForAnyKey();
        fake.refuseKey(Provider.ANTHROPIC, INVALID_KEY, Refusal.ANTHROPIC_INVALID);
        fake.refuseKey(Provider.OPENAI, INVALID_KEY, Refusal.OPENAI_INVALID);
        fake.refuseKey(Provider.GEMINI, INVALID_KEY, Refusal.GEMINI_INVALID);
        return new ProviderSimulator(fake);
    }

    /** Base URLs and placeholder platform keys pointing the services at the simulator. */
    Map<String, String> environment() {
        return LocalStack.providerEnvironment(fake, provider -> "sim-platform-key-" + provider.id());
    }

    String url() {
        return fake.server().baseUrl();
    }

    @Override
    public void close() {
        fake.close();
    }
}
