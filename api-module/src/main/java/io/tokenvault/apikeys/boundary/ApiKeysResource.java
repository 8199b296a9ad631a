package io.tokenvault.apikeys.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code /api/v1/tenants/{tenant}/api-keys}: a tenant's keys. */
@Path("tenants/{tenant}/api-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class ApiKeysResource {

    /** Request body of {@code POST .../api-keys}. */
    public record IssueKey(String role, String label) {
    }

    @Inject
    ApiKeys apiKeys;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    @POST
    public Response issue(IssueKey request, @Context UriInfo uri) {
        IssueKey body = request == null ? new IssueKey(null, null) : request;
        IssuedApiKey issued = apiKeys.issue(caller, tenant, body.role(), body.label());
        return Response.created(uri.getAbsolutePathBuilder().path(issued.id()).build()).entity(issued).build();
    }

    @GET
    public List<ApiKeyView> list() {
        return apiKeys.list(caller, tenant);
    }

    @DELETE
    @Path("{id}")
    public ApiKeyView revoke(@PathParam("id") String id) {
        return apiKeys.revoke(caller, tenant, id);
    }
}
