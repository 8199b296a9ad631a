package io.tokenvault.tenancy.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;

/** {@code /api/v1/tenants}: create (platform admin), list and read. */
@Path("tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantsResource {

    /** Request body of {@code POST /tenants}. */
    public record CreateTenant(String id, String name) {
    }

    @Inject
    Tenants tenants;

    @Inject
    TenantOffboarding offboarding;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Role.Names.PLATFORM_ADMIN)
    public Response create(CreateTenant request, @Context UriInfo uri) {
        CreateTenant body = request == null ? new CreateTenant(null, null) : request;
        TenantView created = tenants.create(caller, body.id(), body.name());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
    public List<TenantView> list() {
        return tenants.list(caller);
    }

    @GET
    @Path("{tenant}")
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
    public TenantView get(@PathParam("tenant") String tenant) {
        return tenants.get(caller, tenant);
    }

    /** Off-boarding: the tenant's keys are destroyed first (crypto-shredding), then its data is deleted. */
    @DELETE
    @Path("{tenant}")
    @RolesAllowed(Role.Names.PLATFORM_ADMIN)
    public TenantOffboarding.Offboarded offboard(@PathParam("tenant") String tenant) {
        return offboarding.offboard(caller, tenant);
    }
}
