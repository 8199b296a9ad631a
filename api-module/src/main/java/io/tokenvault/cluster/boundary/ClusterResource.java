package io.tokenvault.cluster.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/admin/cluster}: the node that answers, the cluster members it sees, every node's heartbeat. */
@Path("admin/cluster")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.PLATFORM_ADMIN)
public class ClusterResource {

    @Inject
    Cluster cluster;

    @Inject
    Caller caller;

    @GET
    public Cluster.ClusterState get() {
        return cluster.state(caller);
    }
}
