package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.ws.rs.NotAuthorizedException;

/** Makes the authenticated {@link Caller} of the current request injectable. */
@RequestScoped
public class CallerProducer {

    private Caller caller;

    /** Called once per request by {@link ApiKeyAuthenticationFilter} or {@link UiRequestFilter}. */
    void authenticated(Caller authenticated) {
        this.caller = authenticated;
    }

    /** The caller of this request, or null when nobody is authenticated (for pages that show who is logged in). */
    public Caller current() {
        return caller;
    }

    /**
     * The caller of this request (authenticated by {@link ApiKeyAuthenticationFilter}, or for the web UI by
     * {@link UiRequestFilter} from the logged-in user).
     */
    @Produces
    public Caller caller() {
        if (caller == null) {
            throw new NotAuthorizedException("Bearer");
        }
        return caller;
    }
}
