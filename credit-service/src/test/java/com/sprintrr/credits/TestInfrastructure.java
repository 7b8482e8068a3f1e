package com.sprintrr.credits;

import com.sprintrr.credits.messaging.Topics;
import com.sprintrr.testing.JwtResource;
import com.sprintrr.testing.KafkaResource;
import com.sprintrr.testing.KafkaTopicsResource;
import com.sprintrr.testing.PostgresResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** The real infrastructure every test of this module runs against, started once per test JVM. */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "sprintrr_credits"))
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "topics", value = Topics.GENERATION_COMPLETED + "," + Topics.GENERATION_COMPLETED_DLQ))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
