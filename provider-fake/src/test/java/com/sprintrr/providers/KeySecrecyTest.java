package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.Refusal;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Neither the key nor any of the provider's own words reach what we tell the caller. */
class KeySecrecyTest extends AgainstFake {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void refusalMessagesCarryNoKeyAndNoProviderText(Refusal refusal) throws Exception {
        Provider provider = refusal.provider();
        String key = key(provider);
        fake.refuseKey(provider, key, refusal);
        fake.refuseGeneration(provider, key, refusal);
        String providerBody = refusal.body(key);

        KeyCheck.Rejected rejected = assertInstanceOf(KeyCheck.Rejected.class, client.validateKey(provider, key));
        assertClean(rejected.message(), key, providerBody);
        for (boolean stream : new boolean[] {false, true}) {
            assertClean(everything(failure(client, provider, stream)), key, providerBody);
        }
    }

    @ParameterizedTest
    @EnumSource(ProviderError.class)
    void errorMessagesCarryNoKeyAndNoProviderText(ProviderError error) throws Exception {
        Provider provider = error.provider();
        fake.failModels(error);
        fake.failGeneration(error);

        KeyCheck.Unavailable unavailable = assertInstanceOf(KeyCheck.Unavailable.class,
                client.validateKey(provider, key(provider)));
        assertClean(unavailable.message(), key(provider), error.body());
        assertClean(everything(failure(client, provider, false)), key(provider), error.body());
    }

    /** The message, the whole cause chain and the stack trace, as a log line would show them. */
    private static String everything(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static void assertClean(String said, String key, String providerBody) throws Exception {
        assertFalse(said.contains(key), () -> "key leaked: " + said);
        assertFalse(said.contains(key.substring(key.length() - 6)), () -> "key tail leaked: " + said);
        String providerMessage = JSON.readTree(providerBody).path("error").path("message").asText();
        // Any 16 characters in a row of the provider's message would be its text passed through.
        for (int i = 0; i + 16 <= providerMessage.length(); i++) {
            String window = providerMessage.substring(i, i + 16);
            assertFalse(said.contains(window), () -> "provider text \"" + window + "\" passed through: " + said);
        }
    }
}
