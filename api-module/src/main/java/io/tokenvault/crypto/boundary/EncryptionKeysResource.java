package io.tokenvault.crypto.boundary;

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
 * {@code /api/v1/admin/encryption-keys}: data keys per tenant with the number of values each protects; rotation
 * (202 with the re-encryption job); disable, enable and destroy of one key.
 */
@Path("admin/encryption-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.PLATFORM_ADMIN)
public class EncryptionKeysResource {

    @Inject
    EncryptionKeys keys;

    @Inject
    Caller caller;

    @GET
    public List<EncryptionKeyViews.TenantKeys> list(@QueryParam("tenant") String tenant) {
        return keys.list(caller, blankToNull(tenant));
    }

    /** Optional tuning of the job: see {@link RotationTuning}. */
    @POST
    @Path("rotate")
    public Response rotate(@QueryParam("tenant") String tenant, @QueryParam("chunkSize") Integer chunkSize,
            @QueryParam("threads") Integer threads, @QueryParam("connectionRanges") Integer connectionRanges,
            @QueryParam("chunkPauseMillis") Integer chunkPauseMillis,
            @QueryParam("busyYieldPercent") Integer busyYieldPercent,
            @QueryParam("busyRequestsPerSecond") Integer busyRequestsPerSecond) {
        RotationTuning tuning = new RotationTuning(chunkSize, threads, connectionRanges, chunkPauseMillis,
                busyYieldPercent, busyRequestsPerSecond);
        return Response.accepted(keys.rotate(caller, blankToNull(tenant), tuning)).build();
    }

    @POST
    @Path("{tenant}/{keyId}/disable")
    public EncryptionKeyViews.TenantKeys disable(@PathParam("tenant") String tenant, @PathParam("keyId") long keyId) {
        return keys.disable(caller, tenant, keyId);
    }

    @POST
    @Path("{tenant}/{keyId}/enable")
    public EncryptionKeyViews.TenantKeys enable(@PathParam("tenant") String tenant, @PathParam("keyId") long keyId) {
        return keys.enable(caller, tenant, keyId);
    }

    @POST
    @Path("{tenant}/{keyId}/destroy")
    public EncryptionKeyViews.TenantKeys destroy(@PathParam("tenant") String tenant, @PathParam("keyId") long keyId) {
        return keys.destroy(caller, tenant, keyId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
