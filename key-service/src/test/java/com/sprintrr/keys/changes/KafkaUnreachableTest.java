package com.sprintrr.keys.changes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Bounded;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * With Kafka unreachable for byok-changes, no change can be announced, so none may happen: each
 * mutating endpoint answers 503 {@code byok_changes_unavailable} with Retry-After within its bound,
 * and every row of the account is as before. Reads and no-ops keep working.
 */
@QuarkusTest
@TestProfile(KafkaUnreachableTest.DeadKafka.class)
class KafkaUnreachableTest extends KeyServiceTestBase {

    /** The changes producer points at a loopback port nothing listens on; the rest of the service is as usual. */
    public static class DeadKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sprintrr.keys.changes.bootstrap-servers", "127.0.0.1:" + unusedPort(),
                    "sprintrr.keys.changes.publish-timeout", "1s");
        }

        private static int unusedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final Duration BOUND = Duration.ofSeconds(60);

    private String account;
    private String key;

    /** An account with an active OpenAI key, written straight into the tables (saving needs Kafka now). */
    @BeforeEach
    void accountWithAnActiveKey() throws Exception {
        account = TestKeys.account();
        key = TestKeys.key(Provider.OPENAI);
        rows.insertKey(account, Provider.OPENAI,
                PlainAesGcm.encrypt(PlainAesGcm.masterKey("test-insecure"), key, account + "/openai"), "test-insecure",
                "gpt-4o-mini");
        rows.enable(account, Provider.OPENAI);
    }

    @Test
    void everyChangeIsRefusedWith503AndChangesNothing() {
        String before = rows.everythingAbout(account);

        refused("saving a new key", () -> Api.saveKey(account, Provider.GEMINI, acceptedKey(Provider.GEMINI)));
        refused("replacing the key", () -> Api.saveKey(account, Provider.OPENAI, acceptedKey(Provider.OPENAI)));
        refused("changing the model", () -> Api.changeModel(account, Provider.OPENAI, "gpt-4o"));
        refused("turning byok off", () -> Api.settings(account, false, Provider.OPENAI));
        refused("deleting the active key", () -> Api.delete(account, Provider.OPENAI));

        assertThat(rows.everythingAbout(account), is(before));
        Api.state(account).statusCode(200).body("enabled", is(true)).body("stateVersion", is(0));
        Api.credential(account).statusCode(200).body("apiKey", is(key)).body("model", is("gpt-4o-mini"))
                .body("stateVersion", is(0));
    }

    @Test
    void settingsThatChangeNothingStillAnswer() {
        Api.settings(account, true, Provider.OPENAI).statusCode(200);

        Api.state(account).body("stateVersion", is(0));
    }

    private void refused(String what, Supplier<ValidatableResponse> change) {
        Bounded.within(what, BOUND, change).statusCode(503).contentType(Api.PROBLEM_JSON)
                .header("Retry-After", "2")
                .body("code", is("byok_changes_unavailable"))
                .body("retryAfterSeconds", is(2));
    }
}
