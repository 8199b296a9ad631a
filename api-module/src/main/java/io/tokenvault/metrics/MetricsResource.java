package io.tokenvault.metrics;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /api/v1/admin/metrics}: this node's metrics in the Prometheus text format, for a scraper holding a
 * platform-admin key ({@code authorization: bearer_token} in the scrape config). Scrape every node.
 */
@Path("admin/metrics")
@RequestScoped
@RolesAllowed(Role.Names.PLATFORM_ADMIN)
public class MetricsResource {

    @Inject
    Metrics metrics;

    @Inject
    Caller caller;

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        caller.requirePlatformAdmin("Metrics are read by platform admins");
        return metrics.scrape();
    }
}
