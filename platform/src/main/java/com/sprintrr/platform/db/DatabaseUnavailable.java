package com.sprintrr.platform.db;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import com.sprintrr.platform.problem.ProblemException;

/**
 * Tells a failure caused by the database being unreachable, stalled or overloaded (which a later
 * try may not meet) from every other failure, and the problem a client gets for it: 503
 * {@code database_unavailable} with {@code Retry-After}. {@link DatabaseFailure} (and anything else
 * that wraps a driver failure) carries the SQLException as its cause, so one test of the cause
 * chain serves every service.
 */
public final class DatabaseUnavailable {

    public static final String CODE = "database_unavailable";
    /** How long a client is asked to wait: about one bounded database wait. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private DatabaseUnavailable() {
    }

    /** Whether failure, or anything in its cause chain, says the database could not be reached in time. */
    public static boolean isCause(Throwable failure) {
        boolean underSql = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
            // The driver reports a socket that broke or timed out mid-call with a vague state
            // (99999 "something unusual has occurred") and the I/O failure as cause.
            if (underSql && t instanceof IOException) {
                return true;
            }
            underSql |= t instanceof SQLException;
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether a write that failed this way may still take effect: the database was unreachable or
     * stalled after the statement was sent (a socket bound hit, a broken connection), so it may
     * commit, or have committed, with only the reply lost. False for failures that never reached the
     * server (no pooled connection, a refused login) or that the server ended itself (a cancelled
     * statement rolls back); a plain refusal (a constraint, a trigger) is not unavailability at all.
     */
    public static boolean mayHaveCommitted(Throwable failure) {
        if (!isCause(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && neverApplied(sql)) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /**
     * 503 {@code database_unavailable}, try again shortly. It does not claim that nothing changed: a
     * write whose commit was sent before the database froze may still complete when it resumes.
     */
    public static ProblemException problem() {
        return new ProblemException(503, CODE, "Database unavailable",
                "Our database did not answer in time. Try again shortly.")
                .with("retryAfterSeconds", RETRY_AFTER_SECONDS);
    }

    /** SQL state and exception kind of the first SQLException in the chain, for a log line (no message: it may quote data). */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return "SQL state " + sql.getSQLState() + " (" + sql.getClass().getSimpleName() + ")";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return failure.getClass().getSimpleName();
    }

    /** A failure that leaves nothing behind: the statement never reached a server session, or the server cancelled it. */
    private static boolean neverApplied(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return poolGaveUp(e);
        }
        return state.equals("08001") // unable to connect
                || state.equals("08004") // the server rejected the connection
                || state.equals("57014") // query_canceled: an auto-commit statement rolled back
                || state.equals("57P03") // cannot connect now
                || state.equals("53300"); // too_many_connections
    }

    private static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException
                || e instanceof SQLTimeoutException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            return poolGaveUp(e);
        }
        return state.startsWith("08") // connection exception: refused, broken, socket or login timeout
                || state.equals("57014") // query_canceled: a statement timeout
                || state.startsWith("57P") // admin or crash shutdown, cannot connect now (starting up)
                || state.equals("53300"); // too_many_connections
    }

    /**
     * Agroal's pool gave up waiting for a connection: a plain SQLException with no state ("Sorry,
     * acquisition timeout!", "Acquisition timeout while waiting for new connection").
     */
    private static boolean poolGaveUp(SQLException e) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
