package io.tokenvault.crypto.boundary;

import io.tokenvault.platform.boundary.InvalidInputException;
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
import java.util.Properties;

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

    /**
     * Optional tuning of the job (for operators and benchmarks): {@code chunkSize} rows per chunk and checkpoint
     * (default 500), {@code threads} partitions at once (default 2), {@code connectionRanges} partitions of the
     * connection table (default 4), {@code chunkPauseMillis} a rest before each chunk's writes to spare a busy database
     * (default 0), {@code busyYieldPercent} how much of each chunk's time the job rests while the token API answers at
     * least {@code busyRequestsPerSecond} (defaults 200 and 100; 0 never yields).
     */
    @POST
    @Path("rotate")
    public Response rotate(@QueryParam("tenant") String tenant, @QueryParam("chunkSize") Integer chunkSize,
            @QueryParam("threads") Integer threads, @QueryParam("connectionRanges") Integer connectionRanges,
            @QueryParam("chunkPauseMillis") Integer chunkPauseMillis,
            @QueryParam("busyYieldPercent") Integer busyYieldPercent,
            @QueryParam("busyRequestsPerSecond") Integer busyRequestsPerSecond) {
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        Properties tuning = new Properties();
        tune(tuning, errors, "chunkSize", chunkSize, 10, 10_000);
        tune(tuning, errors, "threads", threads, 1, 16);
        tune(tuning, errors, "connectionRanges", connectionRanges, 1, 16);
        tune(tuning, errors, "chunkPauseMillis", chunkPauseMillis, 0, 60_000);
        tune(tuning, errors, "busyYieldPercent", busyYieldPercent, 0, 1_000);
        tune(tuning, errors, "busyRequestsPerSecond", busyRequestsPerSecond, 1, 1_000_000);
        errors.throwIfAny();
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

    private static void tune(Properties tuning, InvalidInputException.Collector errors, String name, Integer value,
            int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min || value > max) {
            errors.add(name, "must be between " + min + " and " + max);
        } else {
            tuning.setProperty(name, value.toString());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
