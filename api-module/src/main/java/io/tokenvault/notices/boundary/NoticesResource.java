package io.tokenvault.notices.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /api/v1/tenants/{tenant}/notices}: aggregated notices, newest first ({@code ?state=open} for the unread
 * ones); {@code POST .../{id}/acknowledge} marks one read.
 */
@Path("tenants/{tenant}/notices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class NoticesResource {

    @Inject
    Notices notices;

    @Inject
    Caller caller;

    @PathParam("tenant")
    String tenant;

    @GET
    public List<NoticeView> list(@QueryParam("state") String state, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return notices.list(caller, tenant, state, page, size);
    }

    @GET
    @Path("{id}")
    public NoticeView get(@PathParam("id") String id) {
        return notices.get(caller, tenant, id);
    }

    @POST
    @Path("{id}/acknowledge")
    public NoticeView acknowledge(@PathParam("id") String id) {
        return notices.acknowledge(caller, tenant, id);
    }
}
