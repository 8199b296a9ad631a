package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.ws.rs.NotAuthorizedException;

/** Makes the API key that authenticated the current request injectable as its {@link Caller}. */
@RequestScoped
public class CallerProducer {

    private Caller caller;

    /** Called once per request by {@link ApiKeyAuthenticationFilter}. */
    void authenticated(Caller authenticated) {
        this.caller = authenticated;
    }

    /** The caller of this request, authenticated by {@link ApiKeyAuthenticationFilter} from its API key. */
    @Produces
    public Caller caller() {
        if (caller == null) {
            throw new NotAuthorizedException("Bearer");
        }
        return caller;
    }
}
