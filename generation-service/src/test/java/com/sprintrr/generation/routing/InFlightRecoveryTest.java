package com.sprintrr.generation.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sprintrr.generation.domain.Mode;
import com.sprintrr.generation.domain.Source;
import com.sprintrr.generation.persistence.IdempotencyRepository;
import com.sprintrr.generation.support.Db;
import com.sprintrr.generation.support.Events;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.testing.Await;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A crashed instance's generations: their leases expire, and any instance records each exactly
 * once as interrupted with its event and frees its Idempotency-Key; a live lease is renewed and
 * left alone. The crashed instance is simulated by its journal rows (another owner's, expired).
 */
@QuarkusTest
class InFlightRecoveryTest extends GenerationTestBase {

    @Inject
    DataSource dataSource;

    @Inject
    InterruptedGenerations recovery;

    @Inject
    InFlightLeases leases;

    @Inject
    IdempotencyRepository keys;

    Db db;

    /** Real threads, so the racing calls overlap (the common pool has one thread on two cores). */
    private static final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @BeforeEach
    void db() {
        db = new Db(dataSource);
    }

    @Test
    void aCrashedInstancesGenerationIsRecordedOnceAsInterruptedAndItsKeyFreed() {
        String account = creditsAccount();
        String key = UUID.randomUUID().toString();
        UUID id = crashedGeneration(account, key, true, "-5 seconds");

        JsonNode event = Events.single(account, id.toString());
        assertEquals("failed", event.path("status").asText());
        assertEquals("credits", event.path("source").asText());
        assertEquals("quality", event.path("mode").asText());
        given().header("Authorization", Jwts.bearer(account)).when().get("/v1/generations/" + id)
                .then().statusCode(200).body("status", is("failed")).body("errorCode", is("generation_interrupted"));
        Await.until("the crashed generation's key to be freed", Duration.ofSeconds(30),
                () -> db.count("SELECT count(*) FROM idempotency_keys WHERE account_id = ?", account) == 0);

        generate(account, body("Hello", "credits", "quality"), key).then().statusCode(200);
        assertEquals(1, generationRequests(Provider.ANTHROPIC).size(), "the retry reached the provider");
        assertEquals(2, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));
    }

    @Test
    void recoveriesRacingEachOtherRecordExactlyOneOutcome() throws Exception {
        String account = creditsAccount();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(crashedGeneration(account, null, true, "-5 seconds"));
        }

        // Four passes at once, besides the scheduled one: as if several instances recovered together.
        List<CompletableFuture<Void>> passes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            passes.add(CompletableFuture.runAsync(recovery::recoverExpired, pool));
        }
        for (CompletableFuture<Void> pass : passes) {
            pass.get(30, TimeUnit.SECONDS);
        }

        Await.until("every crashed generation to be recorded", Duration.ofSeconds(30),
                () -> db.count("SELECT count(*) FROM in_flight WHERE account_id = ?", account) == 0);
        assertEquals(5, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));
        assertEquals(5, db.count("SELECT count(*) FROM outbox WHERE account_id = ?", account));
        for (UUID id : ids) {
            Events.single(account, id.toString());
        }
    }

    @Test
    void aClaimWithoutRouteIsFreedWithoutARecord() {
        String account = creditsAccount();
        String key = UUID.randomUUID().toString();
        crashedGeneration(account, key, false, "-5 seconds");

        Await.until("the unrouted claim to be freed", Duration.ofSeconds(30),
                () -> db.count("SELECT count(*) FROM idempotency_keys WHERE account_id = ?", account) == 0);
        assertEquals(0, db.count("SELECT count(*) FROM in_flight WHERE account_id = ?", account));
        assertEquals(0, db.count("SELECT count(*) FROM generations WHERE account_id = ?", account));
    }

    @Test
    void aLiveLeaseOfAnotherInstanceKeepsItsKeyAndIsNotRecovered() {
        String account = creditsAccount();
        String key = UUID.randomUUID().toString();
        UUID id = crashedGeneration(account, key, true, "10 minutes");

        recovery.recoverExpired();
        generate(account, body("Hello", "credits", "quality"), key)
                .then().statusCode(409).body("code", is("idempotency_key_in_use"));

        assertEquals(0, allGenerationRequests());
        assertEquals(1, db.count("SELECT count(*) FROM in_flight WHERE generation_id = ?", id));
        assertEquals(0, db.count("SELECT count(*) FROM generations WHERE id = ?", id));
        db.update("DELETE FROM in_flight WHERE generation_id = ?", id);
    }

    @Test
    void thisInstanceRenewsTheLeasesOfItsRunningGenerations() {
        String account = newAccount();
        UUID id = UUID.randomUUID();
        db.update("INSERT INTO in_flight (generation_id, account_id, source, provider, model, mode, owner, lease_until)"
                + " VALUES (?, ?, 'byok', 'anthropic', 'm', NULL, ?, now() + interval '3 seconds')", id, account,
                leases.owner());
        leases.track(id);
        try {
            Await.until("the lease to be renewed", Duration.ofSeconds(30),
                    () -> db.count("SELECT count(*) FROM in_flight WHERE generation_id = ?"
                            + " AND lease_until > created_at + interval '3.5 seconds'", id) == 1);
            recovery.recoverExpired();
            assertEquals(0, db.count("SELECT count(*) FROM generations WHERE id = ?", id), "a renewed lease is not recovered");
        } finally {
            leases.untrack(id);
        }
        Await.until("the untracked row to expire and be recovered", Duration.ofSeconds(30),
                () -> db.count("SELECT count(*) FROM generations WHERE id = ?", id) == 1);
        assertTrue(db.count("SELECT count(*) FROM in_flight WHERE generation_id = ?", id) == 0);
    }

    @Test
    void aClaimLeftWithoutJournalIsTakenOverByExactlyOneOfConcurrentClaims() throws Exception {
        // As an older version left them: a claim whose generation was neither journaled nor recorded.
        String account = newAccount();
        String hash = hashOf("Hello", "credits", "quality");
        db.update("INSERT INTO idempotency_keys (account_id, key, request_hash, generation_id) VALUES (?, 'k', ?, ?)",
                account, hash, UUID.randomUUID());

        List<CompletableFuture<IdempotencyRepository.Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(CompletableFuture.supplyAsync(
                    () -> keys.claim(account, "k", hash, UUID.randomUUID(), "gen-test", Duration.ofMinutes(1)), pool));
        }
        int won = 0;
        for (CompletableFuture<IdempotencyRepository.Claim> claim : claims) {
            won += claim.get(30, TimeUnit.SECONDS).won() ? 1 : 0;
        }

        assertEquals(1, won);
        assertEquals(1, db.count("SELECT count(*) FROM in_flight WHERE account_id = ?", account));
        db.update("DELETE FROM in_flight WHERE account_id = ?", account);
    }

    /** A journal row (and optional claim) of another, crashed instance, its lease ending at now() + leaseFromNow. */
    private UUID crashedGeneration(String account, String key, boolean routed, String leaseFromNow) {
        UUID id = UUID.randomUUID();
        if (key != null) {
            db.update("INSERT INTO idempotency_keys (account_id, key, request_hash, generation_id) VALUES (?, ?, ?, ?)",
                    account, key, hashOf("Hello", "credits", "quality"), id);
        }
        db.update("INSERT INTO in_flight (generation_id, account_id, source, provider, model, mode, idempotency_key,"
                + " owner, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, 'gen-crashed', now() + ?::interval)",
                id, account, routed ? "credits" : null, routed ? "anthropic" : null, routed ? "claude-sonnet-4-6" : null,
                routed ? "quality" : null, key, leaseFromNow);
        return id;
    }

    private static String hashOf(String prompt, String source, String mode) {
        return new GenerationRequest(prompt, null, 1024, Source.fromId(source).orElseThrow(),
                Mode.fromId(mode).orElseThrow()).hash();
    }
}
