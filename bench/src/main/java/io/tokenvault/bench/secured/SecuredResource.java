package io.tokenvault.bench.secured;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The bare resource ({@code io.tokenvault.bench.bare.BareResource}) with the token API's role check. */
@Path("tenants/{tenant}/connections/{id}/access-token")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecuredResource {

    /** Same fields as the token API's request body. */
    public record TokenRequest(Integer minValiditySeconds, String rejectedToken) {
    }

    /** Same fields as the token API's answer. */
    public record TokenResponse(String accessToken, String tokenType, Instant expiresAt, List<String> scopes) {
    }

    private static final String ACCESS_TOKEN =
            "bare_" + "x".repeat(Math.max(0, Integer.getInteger("bench.bare.tokenLength", 64) - 5));
    private static final Instant EXPIRES_AT = Instant.parse("2030-01-01T00:00:00.123456789Z");
    private static final List<String> SCOPES = List.of("files.read", "profile");

    @PathParam("tenant")
    String tenant;

    @POST
    @RolesAllowed("worker")
    public TokenResponse accessToken(@PathParam("id") String id, TokenRequest request) {
        return new TokenResponse(ACCESS_TOKEN, "Bearer", EXPIRES_AT, SCOPES);
    }
}
