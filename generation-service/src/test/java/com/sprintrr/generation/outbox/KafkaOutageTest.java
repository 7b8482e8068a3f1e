package com.sprintrr.generation.outbox;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.generation.support.SseClient;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.EmbeddedKafka;
import com.sprintrr.testing.Management;

import io.quarkus.test.junit.QuarkusTest;
import kafka.server.BrokerServer;

/**
 * Acceptance 6: with the Kafka broker really stopped, generations still complete; once it is back
 * every event is published, once per generation, in order for the account. Readiness stays up
 * throughout: a Kafka outage must not take the service out of rotation.
 */
@QuarkusTest
class KafkaOutageTest extends GenerationTestBase {

    @Inject
    DataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Test
    void generationsCompleteDuringAnOutageAndEachEventIsPublishedExactlyOnceAfterwards() {
        String account = byokAccount(Provider.ANTHROPIC, "claude-sonnet-4-6");
        String userKey = ProviderFake.sampleKey(Provider.ANTHROPIC);
        internal.creditsAvailable(account, 50, 1);
        providers.replyRecorded(Provider.ANTHROPIC, false, userKey);
        providers.replyRecorded(Provider.ANTHROPIC, true, userKey);
        providers.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));
        Events.of(account);

        BrokerServer broker = EmbeddedKafka.cluster().brokers().values().iterator().next();
        List<String> ids = new ArrayList<>();
        broker.shutdown();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(generate(account, body("Plain " + i, null, null)).then().statusCode(200).extract().path("id"));
            }
            SseClient.Result streamed = SseClient.post(account, "{\"prompt\":\"Streamed\"}");
            assertEquals("completed", streamed.last().name());
            ids.add(streamed.last().data().path("id").asText());
            ids.add(generate(account, body("Credits", "credits", "speed")).then().statusCode(200).extract().path("id"));

            Await.until("the relay to notice that Kafka is down", Duration.ofSeconds(30), relay::kafkaFailing);
            assertEquals(ids.size(), unpublished(account), "every event waits in the outbox");
            Management.given().when().get("/q/health/ready").then().statusCode(200);
            Management.given().when().get("/q/health/well").then()
                    .body("checks.find { it.name == 'outbox' }.data.kafka", is("failing"));
        } finally {
            broker.startup();
        }

        Await.until("the outbox to drain", Duration.ofSeconds(60), () -> unpublished(account) == 0);
        List<JsonNode> events = Events.of(account);
        List<String> published = events.stream().map(e -> e.path("generationId").asText()).collect(Collectors.toList());
        assertEquals(ids, published, "each generation's event exactly once, in order");
        assertEquals(ids.size(), events.stream().map(e -> e.path("eventId").asText()).distinct().count());
        assertTrue(events.stream().allMatch(e -> e.path("status").asText().equals("succeeded")));
    }

    private long unpublished(String account) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE account_id = ? AND published_at IS NULL")) {
            s.setString(1, account);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
