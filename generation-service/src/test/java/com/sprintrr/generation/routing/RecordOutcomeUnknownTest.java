package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sprintrr.generation.support.Db;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * When every attempt to record a success outlives the request's database bound, the first may
 * still commit once PostgreSQL moves again: the client is told the outcome is not known yet (not
 * "interrupted, nothing charged", which would be false once it commits), and where the truth will
 * be. Its own profile: a short database bound and two attempts, so the stall stays short.
 */
@QuarkusTest
@TestProfile(RecordOutcomeUnknownTest.Profile.class)
class RecordOutcomeUnknownTest extends GenerationTestBase {

    /** Requests give up on the database after 2 s; a success is tried twice. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sprintrr.db.request-timeout", "2s",
                    "sprintrr.generation.in-flight.record-attempts", "2");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aRecordStillPendingWhenEveryAttemptTimedOutIsAnsweredAsUnknownAndEndsRecordedOnce() {
        Db db = new Db(dataSource);
        String account = creditsAccount();
        // The first record statement of this account sleeps 8 s before inserting: both attempts (2 s
        // bound each; the second waits behind the first's locks) time out, then the first commits.
        db.update("CREATE TABLE IF NOT EXISTS test_record_stalls (account_id varchar(64) PRIMARY KEY)");
        db.update("CREATE OR REPLACE FUNCTION test_stall_record() RETURNS trigger AS $$ BEGIN"
                + " IF EXISTS (SELECT 1 FROM test_record_stalls WHERE account_id = NEW.account_id) THEN"
                + " DELETE FROM test_record_stalls WHERE account_id = NEW.account_id; PERFORM pg_sleep(8); END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        db.update("CREATE OR REPLACE TRIGGER test_stall_record BEFORE INSERT ON generations"
                + " FOR EACH ROW EXECUTE FUNCTION test_stall_record()");
        db.update("INSERT INTO test_record_stalls (account_id) VALUES (?)", account);
        String key = UUID.randomUUID().toString();

        String id = generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", is("generation_outcome_unknown"))
                .extract().path("generationId");

        // The write the database had received completes: the generation is the success the provider
        // answered, charged once, with one event; the recovery of its lapsed lease finds nothing to do.
        assertEquals("succeeded", Events.single(account, id).path("status").asText());
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200).body("status", is("succeeded")).body("creditsCharged", is(2));
        // The same Idempotency-Key now answers that outcome instead of generating again.
        generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(200).body("id", is(id)).body("text", is(Recorded.ANTHROPIC_TEXT));
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size());
        assertEquals(1, Events.of(account).size(), "exactly one outcome");
        assertEquals(1, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));
        assertEquals(0, db.count("SELECT count(*) FROM in_flight WHERE account_id = ?", account));
    }
}
