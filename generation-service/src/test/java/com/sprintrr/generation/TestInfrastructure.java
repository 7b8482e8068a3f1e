package com.sprintrr.generation;

import com.sprintrr.generation.support.InternalFakeResource;
import com.sprintrr.providers.fake.ProviderFakeResource;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.KafkaResource;
import com.sprintrr.testing.KafkaTopicsResource;
import com.sprintrr.testing.PostgresResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** The real infrastructure every test of this module runs against, started once per test JVM. */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "sprintrr_generations"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
// The credential cache reads byok-changes (created ahead, as in production); tests publish to it as key-service would.
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = "byok-changes"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ProviderFakeResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = InternalFakeResource.class, scope = TestResourceScope.GLOBAL)
final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
