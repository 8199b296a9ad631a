package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The logged-in user of the current UI request, as its {@link Caller}. (Not a producer of {@code Caller}: the WARs of
 * the EAR see each other's beans, and the REST API's {@code CallerProducer} produces the API key's.)
 */
@RequestScoped
public class SessionCaller {

    private Caller caller;

    /** Called once per request by {@link UiRequestFilter} for a logged-in user. */
    void authenticated(Caller authenticated) {
        this.caller = authenticated;
    }

    /** The caller of this request, or null when nobody is logged in (for pages that show who is logged in). */
    public Caller current() {
        return caller;
    }

    /** The caller of this request; the security constraints of web.xml keep anonymous users off the pages using it. */
    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("Nobody is logged in");
        }
        return caller;
    }
}
