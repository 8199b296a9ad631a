package io.tokenvault.audit.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every administrative action through the API goes into the audit trail, whatever its outcome: each POST, PUT and
 * DELETE by an authenticated caller, as {@code Resource.method} on the request path with the response status. The
 * token API ({@code .../access-token}, the workers' hot path) is not an administrative action and is left out;
 * request bodies, which may hold secrets, are never recorded.
 */
@Provider
@Priority(Priorities.USER)
public class AuditFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(AuditFilter.class.getName());
    private static final Set<String> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
            HttpMethod.PATCH);
    private static final java.util.regex.Pattern UNDER_TENANT = java.util.regex.Pattern.compile("^/?tenants/([^/]+)");

    @Context
    ResourceInfo resource;

    @Inject
    AuditTrail trail;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!CHANGES.contains(request.getMethod())) {
            return;
        }
        Principal principal = request.getSecurityContext() == null ? null
                : request.getSecurityContext().getUserPrincipal();
        String path = request.getUriInfo().getPath();
        if (principal == null || path.endsWith("/access-token")) {
            return;
        }
        String tenant = request.getUriInfo().getPathParameters().getFirst("tenant");
        java.util.regex.Matcher underTenant = UNDER_TENANT.matcher(path);
        if (tenant == null && underTenant.find()) {
            tenant = underTenant.group(1);
        }
        String action = resource == null || resource.getResourceClass() == null ? request.getMethod()
                : resource.getResourceClass().getSimpleName().replaceFirst("Resource$", "") + "."
                        + resource.getResourceMethod().getName();
        try {
            trail.record(tenant, principal.getName(), action, request.getMethod() + " /api/v1/"
                    + path.replaceFirst("^/", ""), Integer.toString(response.getStatus()), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot audit " + action + " on " + path, e);
        }
    }
}
