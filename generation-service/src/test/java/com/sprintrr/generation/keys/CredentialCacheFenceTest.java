package com.sprintrr.generation.keys;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.EmbeddedKafka;

import io.quarkus.test.junit.QuarkusTest;
import kafka.server.BrokerServer;

/**
 * With the broker really stopped the consumer cannot prove it is caught up, so once the fence has
 * passed every generation asks key-service again (and sees a change no record announced); with
 * the broker back, the cache is used again.
 */
@QuarkusTest
class CredentialCacheFenceTest extends GenerationTestBase {

    private static final String KEY = ProviderFake.sampleKey(Provider.ANTHROPIC);

    @Inject
    CredentialCache cache;

    @ConfigProperty(name = "sprintrr.generation.credential-cache.fence")
    Duration fence;

    @Test
    void withKafkaStoppedTheCacheIsBypassedOnceTheFenceHasPassed() {
        Await.until("the credential cache to be usable", Duration.ofSeconds(60), cache::ready);
        String account = newAccount();
        internal.byokOn(account, Provider.ANTHROPIC, "m-1", KEY, 4L, 1L, Duration.ZERO);
        providers.replyRecorded(Provider.ANTHROPIC, false, KEY);
        generate(account, body("First", null, null)).then().statusCode(200).body("model", is("m-1"));
        Await.until("a generation answered from the cache", () -> servedFromCache(account, "m-1"));

        BrokerServer broker = EmbeddedKafka.cluster().brokers().values().iterator().next();
        broker.shutdown();
        // Every end offset the consumer was answered came before this instant.
        long stopped = System.nanoTime();
        try {
            // A change without a record (key-service refuses changes it cannot publish: this stands for any lost one).
            internal.byokOn(account, Provider.ANTHROPIC, "m-2", KEY, 4L, 2L, Duration.ZERO);
            Await.until("the fence to pass", () -> System.nanoTime() - stopped > fence.toNanos());

            int before = internal.credentialRequests(account).size();
            generate(account, body("Kafka down", null, null)).then().statusCode(200).body("model", is("m-2"));
            assertEquals(before + 1, internal.credentialRequests(account).size(), "key-service asked");
            assertFalse(cache.ready());
        } finally {
            broker.startup();
        }

        Await.until("the credential cache to be usable again", Duration.ofSeconds(120), cache::ready);
        Await.until("a generation answered from the cache again", () -> servedFromCache(account, "m-2"));
    }

    /** One generation; true when key-service was not asked for it. */
    private boolean servedFromCache(String account, String model) {
        int before = internal.credentialRequests(account).size();
        generate(account, body("Again", null, null)).then().statusCode(200).body("model", is(model));
        return internal.credentialRequests(account).size() == before;
    }
}
