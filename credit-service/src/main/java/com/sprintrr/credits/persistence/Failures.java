package com.sprintrr.credits.persistence;

import java.sql.SQLException;

/**
 * Tells a failure that a later try may not meet (connection lost, deadlock, serialization, lock
 * timeout, server shutting down, anything unknown) from one the same data will always meet.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Whether the same data will fail the same way again: only data exceptions (SQL state class 22)
     * and integrity violations (23). Everything else is worth another try; retrying a bug stalls the
     * partition visibly, which is better for a ledger than skipping events.
     */
    public static boolean isPermanent(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The SQL state of the first SQLException in the cause chain, or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
