package com.sprintrr.keys.persistence;

/** A database failure; our message names the operation, the cause is PostgreSQL's (never a plaintext key). */
public class PersistenceException extends RuntimeException {

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
