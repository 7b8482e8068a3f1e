package com.sprintrr.platform.security;

import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.sprintrr.platform.problem.ProblemException;
import com.sprintrr.platform.problem.Problems;

/** The account of the current public request: the verified JWT's {@code account_id}, and nothing else. */
@RequestScoped
public class CallerAccount {

    public static final String CLAIM = "account_id";
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private final JsonWebToken jwt;

    @Inject
    CallerAccount(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    /** The caller's account id; 401 when the request carries no verified token with a usable claim. */
    public String id() {
        if (jwt == null || jwt.getRawToken() == null) {
            throw Problems.unauthenticated("A valid bearer token is required.");
        }
        // Only a JSON string is an account id: 123 or true would otherwise turn into accounts "123" and "true".
        Object claim = jwt.getClaim(CLAIM);
        String id = claim instanceof String text ? text : claim instanceof JsonString json ? json.getString() : null;
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            throw new ProblemException(403, "invalid_account", "Forbidden",
                    "The token has no usable account_id claim.");
        }
        return id;
    }

    /** Whether a string is a well-formed account id (internal paths take it from the URL). */
    public static boolean isValidId(String id) {
        return id != null && ACCOUNT_ID.matcher(id).matches();
    }
}
