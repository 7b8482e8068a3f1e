package com.sprintrr.generation.history;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sprintrr.generation.persistence.GenerationQueries.Position;
import com.sprintrr.generation.support.GenerationTestBase;
import com.sprintrr.providers.Provider;
import com.sprintrr.providers.fake.ProviderFake;
import com.sprintrr.testing.Jwts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** GET /v1/generations: the caller's own generations, newest first, in keyset pages with an opaque cursor. */
@QuarkusTest
class HistoryTest extends GenerationTestBase {

    @Test
    void pagesThroughEveryGenerationNewestFirstEachAsTheSingleReadShowsIt() {
        String account = newAccount();
        List<String> made = makeMixedGenerations(account, 5);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = as(account).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/generations").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                String id = (String) item.get("id");
                Map<String, Object> single = as(account).when().get("/v1/generations/" + id).then().statusCode(200)
                        .extract().jsonPath().getMap("");
                assertEquals(single, item, "an item is the generation as GET /v1/generations/{id} returns it");
                seen.add(id);
            }
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertEquals(3, pages, "5 items in pages of 2");
        List<String> newestFirst = new ArrayList<>(made);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
    }

    @Test
    void filtersBySourceAndEndsWithANullCursor() {
        String account = newAccount();
        List<String> made = makeMixedGenerations(account, 4); // byok, credits, byok, credits

        as(account).queryParam("source", "credits").when().get("/v1/generations").then().statusCode(200)
                .body("items.size()", is(2))
                .body("items[0].id", is(made.get(3)))
                .body("items[1].id", is(made.get(1)))
                .body("items.source", everyItem(is("credits")))
                .body("nextCursor", nullValue());
        as(account).queryParam("source", "byok").queryParam("limit", 1).when().get("/v1/generations").then()
                .statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].id", is(made.get(2)));
    }

    @Test
    void anotherAccountSeesNoneOfItAndCannotUseItsCursor() {
        String owner = newAccount();
        makeMixedGenerations(owner, 3);
        String cursor = as(owner).queryParam("limit", 1).when().get("/v1/generations").then().statusCode(200)
                .extract().path("nextCursor");
        assertNotNull(cursor);

        String stranger = newAccount();
        as(stranger).when().get("/v1/generations").then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
        // A cursor is only a position: with another account it still reads the caller's own rows (none).
        as(stranger).queryParam("cursor", cursor).when().get("/v1/generations").then().statusCode(200)
                .body("items", empty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1.5", "limit=+5", "source=gemini",
            "source=BYOK", "cursor=garbage!", "cursor=bm90LWEtY3Vyc29y", "limit=20&cursor=%20" })
    void badParametersAre400ProblemJson(String query) {
        String account = newAccount();
        as(account).when().get("/v1/generations?" + query).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("invalid_request"));
    }

    @Test
    void aTamperedCursorIs400() {
        String account = newAccount();
        makeMixedGenerations(account, 2);
        String cursor = as(account).queryParam("limit", 1).when().get("/v1/generations").then().statusCode(200)
                .extract().path("nextCursor");
        String tuple = new String(Base64.getUrlDecoder().decode(cursor));
        for (String edited : List.of(tuple + "0", " " + tuple, tuple.replace('.', ':'),
                tuple.toUpperCase(Locale.ROOT), "99999999999999999999" + tuple.substring(tuple.indexOf('.')))) {
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes());
            as(account).queryParam("cursor", forged).when().get("/v1/generations").then().statusCode(400)
                    .body("code", is("invalid_request"));
        }
        // Padding or a changed last character are other spellings: refused too.
        as(account).queryParam("cursor", cursor + "=").when().get("/v1/generations").then().statusCode(400);
    }

    @Test
    void historyIsEmptyForANewAccount() {
        as(newAccount()).when().get("/v1/generations").then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    void cursorRoundTripsAndRefusesNonCanonicalSpellings() {
        Position position = new Position(Instant.parse("2026-12-03T08:15:30.123456Z"), UUID.randomUUID());
        String cursor = HistoryCursor.encode(position);
        assertEquals(position, HistoryCursor.decode(cursor).orElseThrow());
        assertNull(HistoryCursor.decode(cursor + "A").orElse(null));
        assertNull(HistoryCursor.decode(null).orElse(null));
    }

    /** count generations alternating byok (OpenAI, user key) and credits (speed); returns their ids in order. */
    private List<String> makeMixedGenerations(String account, int count) {
        String key = ProviderFake.sampleKey(Provider.OPENAI);
        providers.replyRecorded(Provider.OPENAI, false);
        providers.replyRecorded(Provider.GEMINI, false, ProviderFake.platformKey(Provider.GEMINI));
        internal.byokOn(account, Provider.OPENAI, "gpt-4o-mini", key);
        internal.creditsAvailable(account, 50, 1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String source = i % 2 == 0 ? "byok" : "credits";
            ids.add(generate(account, body("Hello " + i, source, i % 2 == 0 ? null : "speed")).then().statusCode(200)
                    .extract().path("id"));
        }
        return ids;
    }

    private static RequestSpecification as(String account) {
        return given().header("Authorization", Jwts.bearer(account));
    }
}
