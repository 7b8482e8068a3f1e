package com.sprintrr.platform.db;

import java.sql.SQLException;

/**
 * The one failure type of every service's SQL: what we were doing and the SQL state, with the
 * SQLException as cause (so {@link DatabaseUnavailable#isCause} still tells a stalled database
 * from a bug). The message never quotes the driver's text, which may echo bound values.
 */
public class DatabaseFailure extends RuntimeException {

    private final String sqlState;

    public DatabaseFailure(String doing, SQLException cause) {
        super("Could not " + doing + " (SQL state " + cause.getSQLState() + ")", cause);
        this.sqlState = cause.getSQLState();
    }

    /** The SQL state of the failed call; null when the driver or the pool gave none. */
    public String sqlState() {
        return sqlState;
    }
}
