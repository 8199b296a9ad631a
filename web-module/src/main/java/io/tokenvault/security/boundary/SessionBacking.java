package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Who is logged in, for the layout: name, role and tenant; nothing when nobody is. */
@Named("signedIn")
@RequestScoped
public class SessionBacking {

    @Inject
    SessionCaller callers;

    public boolean isLoggedIn() {
        return callers.current() != null;
    }

    public boolean isPlatformAdmin() {
        Caller c = callers.current();
        return c != null && c.isPlatformAdmin();
    }

    public boolean isTenantAdmin() {
        Caller c = callers.current();
        return c != null && !c.isPlatformAdmin();
    }

    public String getUser() {
        Caller c = callers.current();
        return c == null ? null : c.id().replaceFirst("^user:", "");
    }

    public String getTenant() {
        Caller c = callers.current();
        return c == null || c.isPlatformAdmin() ? null : c.tenantId();
    }
}
