package com.sprintrr.keys;

import com.sprintrr.providers.fake.ProviderFakeResource;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.PostgresResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real infrastructure every test of this module runs against, started once per test JVM.
 * key-service uses no Kafka, so no broker is started for it.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "sprintrr_keys"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ProviderFakeResource.class, scope = TestResourceScope.GLOBAL)
final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
