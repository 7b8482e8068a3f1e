package com.sprintrr.credits.persistence;

import java.sql.SQLException;

/** A JDBC call failed; carries the SQL state so callers can tell a passing failure from a permanent one. */
public class DatabaseFailure extends RuntimeException {

    public DatabaseFailure(SQLException cause) {
        super("Database call failed (SQL state " + cause.getSQLState() + ")", cause);
    }
}
