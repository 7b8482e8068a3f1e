package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.support.Db;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/**
 * An answer the database will not take at first, or at all, still ends with exactly one recorded
 * outcome and one event: a blip is retried, text PostgreSQL cannot hold is made storable, and an
 * answer that cannot be recorded becomes one interrupted failure (its event releases the hold).
 * Faults are real database refusals: a trigger refuses generations of chosen accounts.
 */
@QuarkusTest
class RecordingFaultsTest extends GenerationTestBase {

    @Inject
    DataSource dataSource;

    Db db;

    @BeforeEach
    void installRefusalTrigger() {
        db = new Db(dataSource);
        db.update("CREATE TABLE IF NOT EXISTS test_refusals (account_id varchar(64) PRIMARY KEY, status varchar(16),"
                + " seq text, times int)");
        db.update("CREATE OR REPLACE FUNCTION test_refuse_generation() RETURNS trigger AS $$"
                + " DECLARE r record; BEGIN"
                + " SELECT * INTO r FROM test_refusals WHERE account_id = NEW.account_id AND status = NEW.status;"
                // nextval is not rolled back with the refused statement, so it counts the refusals.
                + " IF FOUND AND nextval(r.seq::regclass) <= r.times THEN RAISE EXCEPTION 'test refusal'; END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        db.update("CREATE OR REPLACE TRIGGER test_refuse_generation BEFORE INSERT ON generations"
                + " FOR EACH ROW EXECUTE FUNCTION test_refuse_generation()");
    }

    @Test
    void aNulCharacterInTheAnswerIsStoredAsAReplacementCharacter() {
        String account = creditsAccount();
        providers.replyGeneration(Provider.ANTHROPIC, false,
                Recorded.body(Provider.ANTHROPIC, false).replace("Green Tea", "Green\\u0000Tea"));
        String stored = Recorded.ANTHROPIC_TEXT.replace("Green Tea", "Green\uFFFDTea");

        String id = generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(200)
                .body("text", is(stored))
                .extract().path("id");

        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200).body("status", is("succeeded")).body("text", is(stored));
        assertEquals("succeeded", Events.single(account, id).path("status").asText());
    }

    @Test
    void aDatabaseBlipWhileRecordingIsRetriedAndTheAnswerDelivered() {
        String account = creditsAccount();
        refuse(account, "succeeded", 2);

        String id = generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(200).body("text", is(Recorded.ANTHROPIC_TEXT)).extract().path("id");

        assertEquals("succeeded", Events.single(account, id).path("status").asText());
        assertEquals(1, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));
        assertEquals(0, db.count("SELECT count(*) FROM in_flight WHERE account_id = ?", account));
    }

    @Test
    void anAnswerThatCannotBeRecordedEndsAsOneInterruptedFailureAndItsKeyIsFreed() {
        String account = creditsAccount();
        refuse(account, "succeeded", 1_000);
        String key = UUID.randomUUID().toString();

        String id = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("code", is("generation_interrupted"))
                .extract().path("generationId");
        assertEquals(id, internal.holdRequests(account).get(0).getBodyAsString().replaceAll(".*\"generationId\":\"([^\"]+)\".*", "$1"));

        // The recovery records it once its lease expires (test lease 4 s): failed, with the event
        // that makes credit-service release the hold; the answer the client never got is not charged.
        JsonNode event = Events.single(account, id);
        assertEquals("failed", event.path("status").asText());
        assertEquals("credits", event.path("source").asText());
        Await.until("the interrupted generation's Idempotency-Key to be freed", Duration.ofSeconds(30),
                () -> db.count("SELECT count(*) FROM idempotency_keys WHERE account_id = ?", account) == 0);
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200).body("status", is("failed")).body("errorCode", is("generation_interrupted"));
        assertEquals(1, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));

        // Once the database takes it, the same key makes a real attempt.
        db.update("DELETE FROM test_refusals WHERE account_id = ?", account);
        String retried = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(200).extract().path("id");
        assertEquals(2, generationRequests(Provider.ANTHROPIC).size());
        Events.single(account, retried);
        assertEquals(2, Events.of(account).size(), "one event per generation");
    }

    @Test
    void aRecordThatCommittedAfterItsReplyWasLostIsDeliveredNotReportedInterrupted() {
        String account = creditsAccount();
        // The first record statement outlasts the request's database bound (15 s in tests), as when
        // PostgreSQL stalls: the client gives up, the server still commits. The retry finds the
        // in-flight row gone; the stored outcome is ours, so the answer is the generation.
        db.update("CREATE TABLE IF NOT EXISTS test_stalls (account_id varchar(64) PRIMARY KEY)");
        db.update("CREATE OR REPLACE FUNCTION test_stall_generation() RETURNS trigger AS $$ BEGIN"
                + " IF EXISTS (SELECT 1 FROM test_stalls WHERE account_id = NEW.account_id) THEN"
                + " DELETE FROM test_stalls WHERE account_id = NEW.account_id; PERFORM pg_sleep(17); END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        db.update("CREATE OR REPLACE TRIGGER test_stall_generation BEFORE INSERT ON generations"
                + " FOR EACH ROW EXECUTE FUNCTION test_stall_generation()");
        db.update("INSERT INTO test_stalls (account_id) VALUES (?)", account);

        String id = generate(account, body("Hello", "credits", "quality"))
                .then().statusCode(200).body("text", is(Recorded.ANTHROPIC_TEXT)).extract().path("id");

        assertEquals("succeeded", Events.single(account, id).path("status").asText());
        assertEquals(1, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));
        assertEquals(0, db.count("SELECT count(*) FROM in_flight WHERE account_id = ?", account));
    }

    private void refuse(String account, String status, int times) {
        String seq = "test_refusal_" + UUID.randomUUID().toString().replace("-", "");
        db.update("CREATE SEQUENCE " + seq);
        db.update("INSERT INTO test_refusals (account_id, status, seq, times) VALUES (?, ?, ?, ?)", account, status, seq,
                times);
    }
}
