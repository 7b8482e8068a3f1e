package com.sprintrr.keys.crypto;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import org.junit.jupiter.api.Test;

class KeyHintTest {

    @Test
    void showsSixLeadingAndFourTrailingCharactersOfALongKey() {
        assertThat(KeyHint.of("sk-proj-" + "x".repeat(120) + "x9Qa"), is("sk-pro…x9Qa"));
        assertThat(KeyHint.of("AIzaSyD4kQ9wV2xZ7nP3rB8lC5hD1jF6gS0aEuO"), is("AIzaS…aEuO"));
    }

    @Test
    void neverShowsMoreThanTenCharactersOrAQuarterOfTheKey() {
        for (int length = 1; length <= 200; length++) {
            String key = "k".repeat(length);
            int shown = KeyHint.of(key).length() - KeyHint.ELLIPSIS.length();
            assertThat(shown, lessThanOrEqualTo(10));
            assertThat(shown, lessThanOrEqualTo(length / 4));
        }
    }

    @Test
    void aVeryShortKeyShowsNothing() {
        assertThat(KeyHint.of("abc"), is("…"));
        assertThat(KeyHint.of("abcdefgh"), is("a…h"));
    }
}
