package io.tokenvault.platform.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem document: {@code type}, {@code title}, {@code status}, {@code detail}, {@code errors} (every
 * invalid field of a 400) and extension members (a reason code, a re-authorization URL, ...).
 */
public record Problem(String type, String title, int status, String detail,
        List<InvalidInputException.FieldError> errors, Map<String, Object> extensions, Optional<Duration> retryAfter) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:tokenvault:problem:" + slug, title, status, detail, List.of(), Map.of(),
                Optional.empty());
    }

    public static Problem of(TokenvaultException failure) {
        List<InvalidInputException.FieldError> errors = failure instanceof InvalidInputException invalid
                ? invalid.errors() : List.of();
        return new Problem("urn:tokenvault:problem:" + failure.problemType(), failure.title(), failure.status(),
                failure.getMessage(), errors, failure.extensions(), failure.retryAfter());
    }

    public Problem withErrors(List<InvalidInputException.FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors, extensions, retryAfter);
    }

    public String toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("type", type).add("title", title).add("status", status);
        if (detail != null) {
            json.add("detail", detail);
        }
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            errors.forEach(e -> list.add(Json.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            json.add("errors", list);
        }
        extensions.forEach((name, value) -> {
            if (value instanceof Number number) {
                json.add(name, number.longValue());
            } else if (value instanceof Boolean bool) {
                json.add(name, bool);
            } else if (value != null) {
                json.add(name, value.toString());
            }
        });
        return json.build().toString();
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(PROBLEM_JSON).entity(toJson());
        retryAfter.ifPresent(d -> response.header("Retry-After", Math.max(1, (d.toMillis() + 999) / 1000)));
        return response.build();
    }
}
