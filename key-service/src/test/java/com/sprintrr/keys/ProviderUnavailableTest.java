package com.sprintrr.keys;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.http.Fault;
import com.sprintrr.keys.support.Api;
import com.sprintrr.keys.support.KeyServiceTestBase;
import com.sprintrr.keys.support.PlainAesGcm;
import com.sprintrr.keys.support.StoredRows;
import com.sprintrr.keys.support.TestKeys;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderError;
import com.sprintrr.providers.fake.ProviderFake;

import io.quarkus.test.junit.QuarkusTest;

/** When the provider cannot tell (429, 5xx, 529, timeout, no connection) the answer is 503 and nothing changes. */
@QuarkusTest
class ProviderUnavailableTest extends KeyServiceTestBase {

    static Stream<Arguments> failures() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (ProviderError error : ProviderError.values()) {
            cases.add(Arguments.of(error.provider(), error.name(),
                    (BiConsumer<ProviderFake, Provider>) (fake, p) -> fake.failModels(error)));
        }
        for (Provider provider : Provider.values()) {
            for (int status : new int[] {429, 500, 502, 503, 529}) {
                cases.add(Arguments.of(provider, "HTTP " + status,
                        (BiConsumer<ProviderFake, Provider>) (fake, p) -> fake.failModels(p, status, "{}")));
            }
            cases.add(Arguments.of(provider, "timeout",
                    (BiConsumer<ProviderFake, Provider>) (fake, p) -> fake.delayModels(p, Duration.ofSeconds(5))));
            cases.add(Arguments.of(provider, "connection reset",
                    (BiConsumer<ProviderFake, Provider>) (fake, p) -> fake.server().stubFor(
                            get(urlPathMatching("/" + p.id() + "/.*")).willReturn(
                                    aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)))));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failures")
    void unansweredValidationIs503AndStoresNothing(Provider provider, String what,
                                                   BiConsumer<ProviderFake, Provider> failure) {
        String account = TestKeys.account();
        failure.accept(fake, provider);

        Api.saveKey(account, provider, TestKeys.key(provider)).statusCode(503)
                .contentType(Api.PROBLEM_JSON)
                .body("code", is("provider_unavailable"))
                .body("provider", is(provider.id()));

        assertThat(rows.keyCount(account), is(0));
        assertThat(rows.auditActions(account), empty());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void anUnansweredReplacementLeavesTheEarlierKeyInPlace(Provider provider) throws Exception {
        String good = TestKeys.key(provider);
        String account = accountWithKey(provider, good);
        fake.reset();
        fake.failModels(provider, 503, "{}");

        Api.saveKey(account, provider, TestKeys.key(provider)).statusCode(503);

        StoredRows.Ciphertext stored = rows.ciphertext(account, provider).orElseThrow();
        assertThat(PlainAesGcm.decrypt(PlainAesGcm.masterKey(stored.keyId()), stored.blob(),
                account + "/" + provider.id()), is(good));
    }
}
