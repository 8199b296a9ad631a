package io.tokenvault.jobs.boundary;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/jobs/{id}}: a job's status and progress; its restart. */
@Path("jobs/{id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.PLATFORM_ADMIN, Role.Names.TENANT_ADMIN})
public class JobsResource {

    @Inject
    Jobs jobs;

    @Inject
    Caller caller;

    @GET
    public JobView get(@PathParam("id") String id) {
        return jobs.get(caller, id);
    }

    @POST
    @Path("restart")
    public Response restart(@PathParam("id") String id) {
        return Response.accepted(jobs.restart(caller, id)).build();
    }
}
