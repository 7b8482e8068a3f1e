package com.sprintrr.generation.history;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sprintrr.generation.persistence.GenerationQueries;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.providers.fake.Recorded;
import com.sprintrr.providers.fake.Refusal;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** GET /v1/generations/usage: the caller's sums per UTC day, source, provider and model, from an index. */
@QuarkusTest
class UsageTest extends GenerationTestBase {

    @Inject
    DataSource dataSource;

    @Test
    void totalsEqualTheGenerationsMadeTodayPerSourceProviderAndModel() {
        String account = byokAccount(Provider.OPENAI, "gpt-4o-mini");
        String key = ProviderFake.sampleKey(Provider.OPENAI);
        internal.creditsAvailable(account, 50, 1);
        providers.replyRecorded(Provider.OPENAI, false);
        providers.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));
        generate(account, body("One", "byok", null)).then().statusCode(200);
        generate(account, body("Two", "byok", null)).then().statusCode(200);
        generate(account, body("Three", "credits", "speed")).then().statusCode(200);
        providers.reset();
        providers.refuseGeneration(Provider.OPENAI, key, Refusal.OPENAI_INVALID);
        generate(account, body("Four", "byok", null)).then().statusCode(422);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonPath usage = usage(account, today, today).then().statusCode(200)
                .body("from", is(today)).body("to", is(today)).extract().jsonPath();
        List<Map<String, Object>> rows = usage.getList("rows");
        assertEquals(2, rows.size(), rows.toString());
        Map<String, Object> byok = rows.get(0);
        assertEquals(Map.of("date", today, "source", "byok", "provider", "openai", "model", "gpt-4o-mini",
                "generations", 3, "succeeded", 2, "failed", 1,
                "inputTokens", (int) (2 * Recorded.OPENAI_USAGE.inputTokens()),
                "outputTokens", (int) (2 * Recorded.OPENAI_USAGE.outputTokens()), "credits", 0), byok);
        Map<String, Object> credits = rows.get(1);
        assertEquals("credits", credits.get("source"));
        assertEquals("gemini", credits.get("provider"));
        assertEquals(1, credits.get("generations"));
        assertEquals(1, credits.get("credits"));
        assertEquals((int) Recorded.GEMINI_USAGE.inputTokens(), credits.get("inputTokens"));
    }

    @Test
    void groupsByUtcDayAndKeepsTheRangeInclusive() {
        String account = newAccount();
        insert(account, "2026-03-01T00:00:00Z", "credits", "anthropic", "claude-sonnet-4-6", true, 10, 5, 2);
        insert(account, "2026-03-01T23:59:59.999999Z", "credits", "anthropic", "claude-sonnet-4-6", true, 1, 1, 2);
        insert(account, "2026-03-02T12:00:00Z", "byok", "gemini", "gemini-2.5-pro", false, 0, 0, 0);
        insert(account, "2026-03-03T00:00:00Z", "byok", "gemini", "gemini-2.5-pro", true, 3, 4, 0);
        insert(account, "2026-02-28T23:59:59Z", "byok", "gemini", "gemini-2.5-pro", true, 100, 100, 0);

        List<Map<String, Object>> rows = usage(account, "2026-03-01", "2026-03-02").then().statusCode(200)
                .extract().jsonPath().getList("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(Map.of("date", "2026-03-01", "source", "credits", "provider", "anthropic", "model",
                "claude-sonnet-4-6", "generations", 2, "succeeded", 2, "failed", 0, "inputTokens", 11,
                "outputTokens", 6, "credits", 4), rows.get(0));
        assertEquals("2026-03-02", rows.get(1).get("date"));
        assertEquals(1, rows.get(1).get("failed"));

        usage(account, "2026-03-03", "2026-03-03").then().statusCode(200).body("rows.size()", is(1))
                .body("rows[0].outputTokens", is(4));
    }

    @Test
    void anotherAccountsUsageIsInvisible() {
        String owner = newAccount();
        insert(owner, "2026-04-10T10:00:00Z", "credits", "gemini", "gemini-3.1-flash-lite", true, 5, 5, 1);
        usage(owner, "2026-04-10", "2026-04-10").then().statusCode(200).body("rows.size()", is(1));
        usage(newAccount(), "2026-04-10", "2026-04-10").then().statusCode(200).body("rows", empty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "from=2026-03-02&to=2026-03-01", "from=2026-01-01&to=2026-04-03", "to=2026-03-01",
            "from=2026-03-01", "x=1", "from=2026-02-30&to=2026-03-01", "from=2026-3-1&to=2026-03-01",
            "from=2026-03-01T00:00:00Z&to=2026-03-02", "from=+2026-03-01&to=2026-03-02", "from=2026-03-01&to=2026-03-01x" })
    void badRangesAre400ProblemJson(String query) {
        as(newAccount()).when().get("/v1/generations/usage?" + query).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("invalid_request"));
    }

    @Test
    void ninetyTwoDaysIsTheLongestRange() {
        usage(newAccount(), "2026-01-01", "2026-04-02").then().statusCode(200);
        usage(newAccount(), "2026-01-01", "2026-04-03").then().statusCode(400);
    }

    @Test
    void theUsageSumAndTheHistoryPageReadOnlyTheAccountIndex() throws SQLException {
        // Enough rows of other accounts that a sequential scan would be the planner's choice without the index.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO generations (id, account_id, source, provider, model, status, text,"
                    + " input_tokens, output_tokens, created_at, completed_at)"
                    + " SELECT gen_random_uuid(), 'bulk-' || (g % 500), 'byok', 'openai', 'gpt-4o-mini', 'succeeded', 'x',"
                    + " 1, 1, now() - g * interval '1 minute', now() FROM generate_series(1, 20000) g");
            s.execute("ANALYZE generations");
        }
        String account = newAccount();
        insert(account, "2026-05-01T10:00:00Z", "byok", "openai", "gpt-4o-mini", true, 1, 1, 0);

        String usagePlan = explain("EXPLAIN " + GenerationQueries.USAGE_SQL, account,
                ts("2026-05-01T00:00:00Z"), ts("2026-05-02T00:00:00Z"));
        assertTrue(usagePlan.contains("generations_history"), usagePlan);
        assertFalse(usagePlan.contains("Seq Scan"), usagePlan);

        String historyPlan = explain("EXPLAIN SELECT * FROM generations WHERE account_id = ?"
                + " AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT 21", account,
                ts("2026-06-01T00:00:00Z"), UUID.randomUUID());
        assertTrue(historyPlan.contains("generations_history"), historyPlan);
        assertFalse(historyPlan.contains("Seq Scan"), historyPlan);
        assertFalse(historyPlan.contains("Sort"), "the index gives the order: " + historyPlan);
    }

    private static Timestamp ts(String at) {
        return Timestamp.from(Instant.parse(at));
    }

    private String explain(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private void insert(String account, String at, String source, String provider, String model, boolean succeeded,
            long in, long out, long credits) {
        String sql = "INSERT INTO generations (id, account_id, source, provider, model, mode, status, text, error_code,"
                + " input_tokens, output_tokens, credits_charged, created_at, completed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, UUID.randomUUID());
            s.setString(2, account);
            s.setString(3, source);
            s.setString(4, provider);
            s.setString(5, model);
            s.setString(6, "credits".equals(source) ? "quality" : null);
            s.setString(7, succeeded ? "succeeded" : "failed");
            s.setString(8, succeeded ? "text" : null);
            s.setString(9, succeeded ? null : "provider_error");
            s.setLong(10, in);
            s.setLong(11, out);
            s.setLong(12, credits);
            s.setTimestamp(13, Timestamp.from(Instant.parse(at)));
            s.setTimestamp(14, Timestamp.from(Instant.parse(at)));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.restassured.response.Response usage(String account, String from, String to) {
        return as(account).queryParam("from", from).queryParam("to", to).when().get("/v1/generations/usage");
    }

    private static RequestSpecification as(String account) {
        return given().header("Authorization", Jwts.bearer(account));
    }
}
