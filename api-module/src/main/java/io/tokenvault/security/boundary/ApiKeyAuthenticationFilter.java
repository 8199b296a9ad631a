package io.tokenvault.security.boundary;

import io.tokenvault.apikeys.boundary.Authentication;
import io.tokenvault.platform.boundary.Problem;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Authenticates every REST call by {@code Authorization: Bearer <api key>}, before the request is matched to a
 * resource, so an unknown path is refused like a known one. Stateless: every request carries its key, so a revoked key
 * is refused on the very next request. The caller becomes the request's {@link jakarta.ws.rs.core.SecurityContext}
 * (the key id as principal, its role as the one role), which is what {@code @RolesAllowed} checks on the resources,
 * and the injectable {@link Caller}.
 *
 * <p>Why a JAX-RS filter and not a Jakarta Security {@code HttpAuthenticationMechanism}: the API is stateless and
 * bearer-only, and on WildFly the Jakarta Security bridge (Soteria over Elytron's JASPI) costs about 25 µs of CPU per
 * request, a third of what a bare JAX-RS endpoint costs, before any of the mechanism's own work (measured with
 * {@code bench/run.sh token-api --profile}). The token API is the hot path of the product; its target is 0.8 of a bare
 * endpoint's throughput.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    Authentication apiKeys;

    @Inject
    CallerProducer callers;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            request.abortWith(unauthenticated("An API key is required: send Authorization: Bearer <key>"));
            return;
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            request.abortWith(unauthenticated("Only Bearer API keys are accepted: Authorization: Bearer <key>"));
            return;
        }
        Optional<Caller> caller = apiKeys.authenticate(authorization.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            request.abortWith(unauthenticated("The API key is not valid (unknown or revoked)"));
            return;
        }
        callers.authenticated(caller.get());
        request.setSecurityContext(new CallerSecurityContext(caller.get(), request.getSecurityContext().isSecure()));
    }

    private static Response unauthenticated(String reason) {
        return Response.fromResponse(Problem.of(401, "unauthenticated", "Unauthenticated", reason).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tokenvault\"")
                .build();
    }
}
