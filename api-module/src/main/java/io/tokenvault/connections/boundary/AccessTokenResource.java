package io.tokenvault.connections.boundary;

import io.tokenvault.security.boundary.CallerProducer;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tokens.boundary.AccessTokens;
import io.tokenvault.tokens.control.AccessGrant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v1/tenants/{tenant}/connections/{id}/access-token}: the token API, the hottest path. One instance
 * for the application (no per-request injection); a cached valid token is answered without database or provider I/O.
 */
@Path("tenants/{tenant}/connections/{id}/access-token")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccessTokenResource {

    /** Request body. {@code toString()} never shows the rejected token. */
    public record TokenRequest(Integer minValiditySeconds, String rejectedToken) {
        @Override
        public String toString() {
            return "TokenRequest[minValiditySeconds=" + minValiditySeconds + "]";
        }
    }

    /** Answer. */
    public record TokenResponse(String accessToken, String tokenType, Instant expiresAt, List<String> scopes) {
        static TokenResponse of(AccessGrant grant) {
            return new TokenResponse(grant.accessToken(), grant.tokenType(), grant.expiresAt(),
                    List.copyOf(grant.scopes()));
        }

        @Override
        public String toString() {
            return "TokenResponse[accessToken=****, expiresAt=" + expiresAt + "]";
        }
    }

    @Inject
    AccessTokens accessTokens;

    @Inject
    CallerProducer callers;

    @POST
    @RolesAllowed({Role.Names.WORKER, Role.Names.TENANT_ADMIN})
    public TokenResponse accessToken(@PathParam("tenant") String tenant, @PathParam("id") String id,
            TokenRequest request) {
        TokenRequest body = request == null ? new TokenRequest(null, null) : request;
        return TokenResponse.of(accessTokens.accessToken(callers.caller(), tenant, id, body.minValiditySeconds(),
                body.rejectedToken()));
    }
}
