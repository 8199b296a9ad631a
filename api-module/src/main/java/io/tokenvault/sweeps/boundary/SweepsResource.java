package io.tokenvault.sweeps.boundary;

import io.tokenvault.sweeps.control.SweepLeases;
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
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/v1/admin/sweeps}: the scheduled sweeps ({@code idle-connection-probe}, {@code expiry-forecast},
 * {@code orphaned-jobs}) with their last run; {@code GET .../{name}/runs} their history, {@code POST .../{name}/run}
 * runs one now.
 */
@Path("admin/sweeps")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.PLATFORM_ADMIN)
public class SweepsResource {

    @Inject
    Sweeps sweeps;

    @Inject
    Caller caller;

    @GET
    public List<SweepLeases.SweepState> list() {
        return sweeps.list(caller);
    }

    /** The latest runs of a sweep (which node ran it, when, what it did), newest first. */
    @GET
    @Path("{name}/runs")
    public List<SweepLeases.SweepRun> runs(@PathParam("name") String name, @QueryParam("limit") String limit) {
        return sweeps.runs(caller, name, limit);
    }

    @POST
    @Path("{name}/run")
    public Response run(@PathParam("name") String name, @QueryParam("idleDays") Integer idleDays,
            @QueryParam("max") Integer max, @QueryParam("days") Integer days) {
        sweeps.runNow(caller, name, idleDays, max, days);
        return Response.accepted().build();
    }
}
