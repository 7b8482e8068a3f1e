package com.sprintrr.keys;

import com.sprintrr.providers.fake.ProviderFakeResource;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.KafkaResource;
import com.sprintrr.testing.KafkaTopicsResource;
import com.sprintrr.testing.PostgresResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real infrastructure every test of this module runs against, started once per test JVM.
 * Kafka carries generation-completed, which key-service reads for key health, and byok-changes,
 * where it announces every change of an account.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "sprintrr_keys"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = "generation-completed,byok-changes"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ProviderFakeResource.class, scope = TestResourceScope.GLOBAL)
final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
