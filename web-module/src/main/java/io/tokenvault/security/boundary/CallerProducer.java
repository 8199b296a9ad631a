package io.tokenvault.security.boundary;

import io.tokenvault.apikeys.boundary.Authentication;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.NotAuthorizedException;
import java.security.Principal;

/** Makes the authenticated {@link Caller} of the current request injectable. */
@RequestScoped
public class CallerProducer {

    @Inject
    SecurityContext securityContext;

    @Inject
    Authentication apiKeys;

    private Caller caller;

    @Produces
    Caller caller() {
        if (caller != null) {
            return caller;
        }
        Principal principal = securityContext.getCallerPrincipal();
        if (principal == null) {
            throw new NotAuthorizedException("Bearer");
        }
        caller = apiKeys.callerOfKey(principal.getName()).orElseThrow(() -> new NotAuthorizedException("Bearer"));
        return caller;
    }
}
