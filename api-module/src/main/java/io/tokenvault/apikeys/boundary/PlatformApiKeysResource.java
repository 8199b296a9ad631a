package io.tokenvault.apikeys.boundary;

import io.tokenvault.apikeys.entity.ApiKey;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tenancy.control.TenantScope;
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

/** {@code /api/v1/admin/api-keys}: platform-admin keys, which belong to no tenant. */
@Path("admin/api-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.PLATFORM_ADMIN)
public class PlatformApiKeysResource {

    /** Request body of {@code POST /admin/api-keys}. */
    public record IssuePlatformKey(String label) {
    }

    @Inject
    ApiKeys apiKeys;

    @Inject
    Caller caller;

    @POST
    public Response issue(IssuePlatformKey request, @Context UriInfo uri) {
        IssuedApiKey issued = TenantScope.callAs(ApiKey.PLATFORM,
                () -> apiKeys.issuePlatformKey(caller, request == null ? null : request.label()));
        return Response.created(uri.getAbsolutePathBuilder().path(issued.id()).build()).entity(issued).build();
    }

    @GET
    public List<ApiKeyView> list() {
        return TenantScope.callAs(ApiKey.PLATFORM, () -> apiKeys.list(caller, ApiKey.PLATFORM));
    }

    @DELETE
    @Path("{id}")
    public ApiKeyView revoke(@PathParam("id") String id) {
        return TenantScope.callAs(ApiKey.PLATFORM, () -> apiKeys.revoke(caller, ApiKey.PLATFORM, id));
    }
}
