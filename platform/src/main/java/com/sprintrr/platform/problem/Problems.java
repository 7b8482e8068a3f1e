package com.sprintrr.platform.problem;

/** Factories for the problems every service raises the same way. */
public final class Problems {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String NOT_FOUND = "not_found";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String INTERNAL_ERROR = "internal_error";

    private Problems() {
    }

    /** 400 {@code invalid_request}: the body or a parameter is not acceptable; nothing was changed. */
    public static ProblemException invalidRequest(String detail) {
        return new ProblemException(400, INVALID_REQUEST, "Invalid request", detail);
    }

    /** 404 with a resource-specific code; also used where existence must not be confirmed. */
    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }

    /** 401 {@code unauthenticated}. */
    public static ProblemException unauthenticated(String detail) {
        return new ProblemException(401, UNAUTHENTICATED, "Unauthenticated", detail);
    }

    /** 500 {@code internal_error}: something unexpected failed; the answer never says what. */
    public static ProblemException internalError() {
        return new ProblemException(500, INTERNAL_ERROR, "Internal error", "Something went wrong on our side.");
    }
}
