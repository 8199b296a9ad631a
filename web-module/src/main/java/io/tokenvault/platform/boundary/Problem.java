package io.tokenvault.platform.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem document; {@code errors} lists every invalid field of a 400. */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
@JsonbNillable(false)
public record Problem(String type, String title, int status, String detail, String instance,
        List<InvalidInputException.FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:tokenvault:problem:" + slug, title, status, detail, null, null);
    }

    public Problem withErrors(List<InvalidInputException.FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }
}
