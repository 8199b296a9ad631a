package io.tokenvault.security.boundary;

import io.tokenvault.platform.boundary.Problem;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every URL under {@code /tenants/{tenant}} belongs to one tenant: only platform admins and that tenant's own keys may
 * reach it. A foreign tenant is answered exactly like an unknown one (404), so tenant ids do not leak. Declared once
 * here rather than checked in each resource.
 *
 * <p>Having checked access, the filter opens the request's {@link TenantScope} for that tenant, before any boundary
 * starts a transaction; {@link TenantScopeCleanup} closes it when the request ends.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class TenantAccessFilter implements ContainerRequestFilter {

    @Inject
    CallerProducer callers;

    @Override
    public void filter(ContainerRequestContext request) {
        String tenant = request.getUriInfo().getPathParameters().getFirst("tenant");
        if (tenant == null || request.getSecurityContext().getUserPrincipal() == null) {
            return;
        }
        if (!callers.caller().mayAccessTenant(tenant)) {
            request.abortWith(Problem.of(404, "not-found", "Not found", "Tenant '" + tenant + "' does not exist")
                    .toResponse());
            return;
        }
        TenantScope.of(tenant);
    }
}
