package io.tokenvault.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates REST calls by {@code Authorization: Bearer <api key>}. Stateless: every request carries its key, so a
 * revoked key is refused on the very next request. A missing or unknown key on a protected path is answered with 401;
 * {@link UnauthenticatedProblemServlet} (the 401 error page) writes the problem document, with the reason this
 * mechanism left in {@link #REASON}. Role checks happen at the resources.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Request attribute: why the caller was refused, for the 401 problem document. */
    public static final String REASON = "io.tokenvault.security.unauthenticated.reason";

    private static final String BEARER = "Bearer ";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return context.isProtected() ? refuse(request, response, context,
                    "An API key is required: send Authorization: Bearer <key>") : context.doNothing();
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(request, response, context, "Only Bearer API keys are accepted: Authorization: Bearer <key>");
        }
        String key = authorization.substring(BEARER.length()).strip();
        CredentialValidationResult result = identityStores.validate(new ApiKeyCredential(key));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(request, response, context, "The API key is not valid (unknown or revoked)");
        }
        return context.notifyContainerAboutLogin(result);
    }

    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context, String reason) {
        request.setAttribute(REASON, reason);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"tokenvault\"");
        return context.responseUnauthorized();
    }
}
