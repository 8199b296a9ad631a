package io.tokenvault.apps.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/v1/tenants/{tenant}/apps}: a tenant's OAuth app registrations. Never echoes a secret. */
@Path("tenants/{tenant}/apps")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class AppsResource {

    @Inject
    Apps apps;

    @Inject
    SecretRollovers rollovers;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    @PUT
    @Path("{app}")
    public Response put(@PathParam("app") String app, AppRequest request) {
        Apps.Saved saved = apps.put(caller, tenant, app, request);
        return Response.status(saved.created() ? 201 : 200).entity(saved.app()).build();
    }

    @GET
    @Path("{app}")
    public AppView get(@PathParam("app") String app) {
        return apps.get(caller, tenant, app);
    }

    /** Stages a new client secret and starts its rollover job: {@code 202 {job:{id,status,...}}}. */
    @POST
    @Path("{app}/secrets")
    public Response rollover(@PathParam("app") String app, SecretRollovers.RolloverRequest request) {
        return Response.accepted(rollovers.start(caller, tenant, app, request)).build();
    }

    @GET
    public List<AppView> list() {
        return apps.list(caller, tenant);
    }
}
