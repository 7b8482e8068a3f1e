package com.sprintrr.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/** Which failures are "the database did not answer" (503) and which are not (our bug or bad data). */
class DatabaseUnavailableTest {

    @Test
    void connectionFailuresTimeoutsAndShutdownsAreUnavailableWhateverTheyAreWrappedIn() {
        for (String state : new String[] { "08006", "08001", "08003", "57014", "57P01", "57P03", "53300" }) {
            assertTrue(DatabaseUnavailable.isCause(new IllegalStateException("wrapped", new SQLException("x", state))), state);
        }
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException()))));
    }

    @Test
    void aSocketThatBrokeOrTimedOutUnderTheDriverIsUnavailableWhateverStateTheDriverGaveIt() {
        // What PgJDBC throws when a stalled server interrupts a connect or a read: state 99999, I/O cause.
        assertTrue(DatabaseUnavailable.isCause(new DatabaseFailure("grant credits",
                new SQLException("Something unusual has occurred", "99999", new java.net.SocketTimeoutException("Read timed out")))));
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(
                new SQLException("x", "99999", new java.io.EOFException()))));
        assertFalse(DatabaseUnavailable.isCause(new java.io.UncheckedIOException(new java.io.IOException("not the database"))),
                "an I/O failure that no SQLException reports is not the database's");
    }

    @Test
    void dataErrorsBugsAndOtherFailuresAreNot() {
        assertFalse(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("dup", "23505"))));
        assertFalse(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("syntax", "42601"))));
        assertFalse(DatabaseUnavailable.isCause(new RuntimeException(new SQLException("no state"))));
        assertFalse(DatabaseUnavailable.isCause(new IllegalArgumentException("not a database failure")));
    }

    @Test
    void aWriteWhoseReplyWasLostMayHaveCommittedOneThatNeverReachedTheServerOrWasCancelledHasNot() {
        // Sent, then the socket broke or timed out: the server may commit it anyway.
        assertTrue(DatabaseUnavailable.mayHaveCommitted(new DatabaseFailure("record",
                new SQLException("Something unusual has occurred", "99999", new java.net.SocketTimeoutException("Read timed out")))));
        assertTrue(DatabaseUnavailable.mayHaveCommitted(new RuntimeException(new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseUnavailable.mayHaveCommitted(new RuntimeException(new SQLException("admin shutdown", "57P01"))));
        // Never sent, or ended by the server itself.
        for (String state : new String[] { "08001", "08004", "57014", "57P03", "53300" }) {
            assertFalse(DatabaseUnavailable.mayHaveCommitted(new RuntimeException(new SQLException("x", state))), state);
        }
        assertFalse(DatabaseUnavailable.mayHaveCommitted(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        // A refusal is an answer: nothing was written.
        assertFalse(DatabaseUnavailable.mayHaveCommitted(new RuntimeException(new SQLException("test refusal", "P0001"))));
        assertFalse(DatabaseUnavailable.mayHaveCommitted(new IllegalStateException("not a database failure")));
    }

    @Test
    void theProblemIs503WithAStableCodeAndRetryAfter() {
        assertEquals(503, DatabaseUnavailable.problem().status());
        assertEquals("database_unavailable", DatabaseUnavailable.problem().code());
        assertEquals(2, DatabaseUnavailable.problem().extensions().get("retryAfterSeconds"));
    }
}
