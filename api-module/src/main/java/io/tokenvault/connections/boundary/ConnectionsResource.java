package io.tokenvault.connections.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tokens.control.TokenRefresher;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/v1/tenants/{tenant}/connections}: import, read, list, disconnect, and the token API. */
@Path("tenants/{tenant}/connections")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    /** Request body of {@code POST .../connections}: start a consent. */
    public record StartRequest(String app, String externalUserId, String returnUrl) {
    }

    @Inject
    Connections connections;

    @Inject
    io.tokenvault.oauth.boundary.ConnectFlow connectFlow;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    @POST
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN, Role.Names.WORKER})
    public Response start(StartRequest request, @Context UriInfo uri) {
        StartRequest body = request == null ? new StartRequest(null, null, null) : request;
        var started = connectFlow.start(caller, tenant, body.app(), body.externalUserId(), body.returnUrl());
        return Response.created(uri.getAbsolutePathBuilder().path(started.id()).build()).entity(started).build();
    }

    @POST
    @Path("import")
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
    public Response importGrant(ImportRequest request, @Context UriInfo uri) {
        Connections.Imported imported = connections.importGrant(caller, tenant, request);
        String id = imported.connection().id();
        return (imported.created() ? Response.created(uri.getBaseUriBuilder().path("tenants").path(tenant)
                .path("connections").path(id).build()) : Response.ok()).entity(imported.connection()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN, Role.Names.WORKER})
    public ConnectionView get(@PathParam("id") String id) {
        return connections.get(caller, tenant, id);
    }

    @GET
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
    public ConnectionPage list(@QueryParam("status") String status, @QueryParam("app") String app,
            @QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("missingScopes") String missingScopes,
            @QueryParam("expiringWithinDays") String expiringWithinDays) {
        return connections.list(caller, tenant, status, app, page, size, missingScopes, expiringWithinDays);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
    public TokenRefresher.Disconnected delete(@PathParam("id") String id) {
        return connections.delete(caller, tenant, id);
    }
}
