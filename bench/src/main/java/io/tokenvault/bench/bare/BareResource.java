package io.tokenvault.bench.bare;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * The bare endpoint the token API is compared with, served by {@link BareApplication} (one shared {@code Jsonb}) and
 * by {@link DefaultJsonbApplication} (RESTEasy's default JSON-B handling). It has the token API's shape and nothing
 * else: the same path template ({@code tenants/{t}/connections/{id}/access-token}), a JSON-B-bound request body, a
 * JSON-B-written answer with the token API's fields and size, a {@code @RequestScoped} resource like the product's.
 * No authentication, no tenant scope, no cache lookup, no decryption.
 */
@Path("tenants/{tenant}/connections/{id}/access-token")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BareResource {

    /** Same fields as the token API's request body. */
    public record TokenRequest(Integer minValiditySeconds, String rejectedToken) {
    }

    /** Same fields as the token API's answer. */
    public record TokenResponse(String accessToken, String tokenType, Instant expiresAt, List<String> scopes) {
    }

    /** The access token's length: bench/run.sh sets it to the provider's, so both answers have the same size. */
    private static final String ACCESS_TOKEN =
            "bare_" + "x".repeat(Math.max(0, Integer.getInteger("bench.bare.tokenLength", 64) - 5));
    private static final Instant EXPIRES_AT = Instant.parse("2030-01-01T00:00:00.123456789Z");
    private static final List<String> SCOPES = List.of("files.read", "profile");

    @PathParam("tenant")
    String tenant;

    @POST
    public TokenResponse accessToken(@PathParam("id") String id, TokenRequest request) {
        return new TokenResponse(ACCESS_TOKEN, "Bearer", EXPIRES_AT, SCOPES);
    }
}
