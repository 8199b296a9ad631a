package io.tokenvault.security.boundary;

import io.tokenvault.apikeys.boundary.Authentication;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotAuthorizedException;
import java.security.Principal;

/** Makes the authenticated {@link Caller} of the current request injectable. */
@RequestScoped
public class CallerProducer {

    @Inject
    HttpServletRequest request;

    @Inject
    Authentication apiKeys;

    private Caller caller;

    /** The caller of this request (authenticated by {@link ApiKeyAuthenticationMechanism}). */
    @Produces
    public Caller caller() {
        if (caller != null) {
            return caller;
        }
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            throw new NotAuthorizedException("Bearer");
        }
        caller = apiKeys.callerOfKey(principal.getName()).orElseThrow(() -> new NotAuthorizedException("Bearer"));
        return caller;
    }
}
