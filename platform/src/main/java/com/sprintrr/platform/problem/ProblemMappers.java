package com.sprintrr.platform.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure a REST endpoint can raise into problem+json. Messages of framework or
 * parser exceptions are never echoed: they can quote input (which may be a key) or name classes.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException problem) {
        return ProblemResponses.of(problem);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field")) {
            return ProblemResponses.of(400, Problems.INVALID_REQUEST, "Invalid request", "A field appears more than once.");
        }
        return ProblemResponses.of(400, Problems.INVALID_REQUEST, "Invalid request", "The body is not valid JSON.");
    }

    /** A number too large for its field (InputCoercionException) and other stream-level refusals. */
    @ServerExceptionMapper
    public Response unreadableJson(StreamReadException e) {
        return ProblemResponses.of(400, Problems.INVALID_REQUEST, "Invalid request",
                e instanceof InputCoercionException ? "A number is out of range for its field." : "The body is not valid JSON.");
    }

    /**
     * Also an unknown field and a wrong format (its subclasses). Mapped apart from JsonMappingException:
     * quarkus-rest-jackson's own mapper of this type (an empty 400) would otherwise be the closer match.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return ProblemResponses.of(400, Problems.INVALID_REQUEST, "Invalid request", shapeDetail(e));
    }

    @ServerExceptionMapper
    public Response badJson(JsonMappingException e) {
        return ProblemResponses.of(400, Problems.INVALID_REQUEST, "Invalid request", shapeDetail(e));
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return ProblemResponses.of(401, Problems.UNAUTHENTICATED, "Unauthenticated", "A valid bearer token is required.");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return ProblemResponses.of(401, Problems.UNAUTHENTICATED, "Unauthenticated", "A valid bearer token is required.");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemResponses.of(403, "forbidden", "Forbidden", "This token may not use this endpoint.");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof StreamReadException unreadable) {
            // Quarkus' JSON reader wraps what the parser refused (a duplicate key, bad syntax).
            return unreadable instanceof JsonParseException parse ? malformedJson(parse) : unreadableJson(unreadable);
        }
        return switch (status) {
            case 400 -> ProblemResponses.of(400, Problems.INVALID_REQUEST, "Invalid request", "The request is malformed.");
            case 401 -> ProblemResponses.of(401, Problems.UNAUTHENTICATED, "Unauthenticated", "A valid bearer token is required.");
            case 404 -> ProblemResponses.of(404, Problems.NOT_FOUND, "Not found", "No such resource.");
            case 405 -> ProblemResponses.of(405, "method_not_allowed", "Method not allowed", "This method is not allowed here.");
            case 406 -> ProblemResponses.of(406, "not_acceptable", "Not acceptable", "No acceptable representation.");
            case 413 -> ProblemResponses.of(413, "payload_too_large", "Payload too large", "The body is too large.");
            case 415 -> ProblemResponses.of(415, "unsupported_media_type", "Unsupported media type", "Send application/json.");
            default -> unexpected(e);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        // Our own exceptions never carry secrets, so the trace is safe to log; the client sees none of it.
        Log.error("Unhandled exception in a REST endpoint", e);
        return ProblemResponses.of(500, "internal_error", "Internal error", "Something went wrong on our side.");
    }

    private static String shapeDetail(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b)
                .orElse(null);
        if (e instanceof UnrecognizedPropertyException) {
            return "Unknown field '" + field + "'.";
        }
        if (field != null && e instanceof InvalidFormatException format && format.getTargetType() == String.class) {
            return "Field '" + field + "' holds a character that is not allowed (NUL or an unpaired surrogate).";
        }
        return field == null ? "The body does not have the expected shape." : "Field '" + field + "' has the wrong type.";
    }
}
