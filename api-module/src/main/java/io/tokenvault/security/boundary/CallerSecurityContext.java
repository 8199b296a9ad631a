package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** An authenticated API key as the JAX-RS security context: the key id is the principal, the key's role its role. */
record CallerSecurityContext(Caller caller, boolean secure) implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
        return caller::id;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.role().apiName().equals(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
