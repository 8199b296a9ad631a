package io.tokenvault.audit.boundary;

import io.tokenvault.audit.control.AuditEvent;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/tenants/{tenant}/audit?from=&to=&page=&size=}: who did what, newest first; never a secret. */
@Path("tenants/{tenant}/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class AuditResource {

    @Inject
    AuditTrail trail;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    @GET
    public List<AuditEvent> find(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        return trail.find(caller, tenant, from, to, page, size);
    }
}
