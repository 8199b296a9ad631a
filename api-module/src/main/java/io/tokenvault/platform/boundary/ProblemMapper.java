package io.tokenvault.platform.boundary;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become {@code application/problem+json}. Business exceptions carry their own status
 * and message; framework exceptions get a clear message; anything unexpected is logged with an error id and answered
 * with that id only, never a stack trace or server detail.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        return problemFor(unwrap(failure)).toResponse();
    }

    static Problem problemFor(Throwable failure) {
        if (failure instanceof TokenvaultException business) {
            return Problem.of(business);
        }
        if (failure instanceof ConstraintViolationException violations) {
            List<InvalidInputException.FieldError> errors = violations.getConstraintViolations().stream()
                    .map(v -> new InvalidInputException.FieldError(field(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(java.util.Comparator.comparing(InvalidInputException.FieldError::field))
                    .toList();
            return Problem.of(400, "invalid-request", "Invalid request",
                    errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                            : errors.size() + " fields are invalid").withErrors(errors);
        }
        if (failure instanceof JsonbException || failure instanceof ProcessingException
                || isJsonParseFailure(failure)) {
            return Problem.of(400, "malformed-body", "Malformed request body",
                    "The request body is not valid JSON for this endpoint");
        }
        if (failure instanceof OptimisticLockException) {
            return Problem.of(409, "conflict", "Conflict", "The resource was changed concurrently; read it and retry");
        }
        if (failure instanceof NotAuthorizedException) {
            return Problem.of(401, "unauthenticated", "Unauthenticated",
                    "A valid API key is required: Authorization: Bearer <key>");
        }
        if (failure instanceof ForbiddenException) {
            return Problem.of(403, "forbidden", "Forbidden", "The role of this API key may not do this");
        }
        if (failure instanceof NotFoundException) {
            return Problem.of(404, "not-found", "Not found", "No such resource or endpoint");
        }
        if (failure instanceof NotAllowedException) {
            return Problem.of(405, "method-not-allowed", "Method not allowed",
                    "This endpoint does not support that HTTP method");
        }
        if (failure instanceof NotSupportedException) {
            return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "This endpoint does not accept that Content-Type (most take application/json)");
        }
        if (failure instanceof NotAcceptableException) {
            return Problem.of(406, "not-acceptable", "Not acceptable",
                    "This endpoint cannot answer in any of the media types the request accepts");
        }
        if (failure instanceof BadRequestException) {
            return Problem.of(400, "bad-request", "Bad request", "The request is malformed");
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return Problem.of(status, "http-" + status, web.getResponse().getStatusInfo().getReasonPhrase(),
                    web.getResponse().getStatusInfo().getReasonPhrase());
        }
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure, error id " + errorId, failure);
        return Problem.of(500, "internal-error", "Internal error",
                "Something went wrong on our side; quote error id " + errorId + " when reporting it");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof EJBException || current instanceof jakarta.transaction.RollbackException
                || isWrapper(current)) && current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof jakarta.persistence.PersistenceException && t.getCause() instanceof OptimisticLockException;
    }

    private static boolean isJsonParseFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonbException || t instanceof jakarta.json.JsonException) {
                return true;
            }
        }
        return false;
    }

    /** {@code create.arg0.name} → {@code name}: the field as the client sent it, not the Java call path. */
    private static String field(String propertyPath) {
        String[] parts = propertyPath.split("\\.");
        if (parts.length <= 2) {
            return parts[parts.length - 1].startsWith("arg") ? "body" : parts[parts.length - 1];
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }
}
