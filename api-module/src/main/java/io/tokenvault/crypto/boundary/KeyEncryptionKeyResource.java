package io.tokenvault.crypto.boundary;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/admin/key-encryption-key}: the KEK version in use and the keysets per version; {@code POST .../rotate}
 * (embedded key file) and {@code POST .../rewrap} (after a rotation in a KMS) rewrap the tenant keysets.
 */
@Path("admin/key-encryption-key")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.Names.PLATFORM_ADMIN)
public class KeyEncryptionKeyResource {

    @Inject
    KeyEncryptionKeys keys;

    @Inject
    Caller caller;

    @GET
    public KeyEncryptionKeys.Status status() {
        return keys.status(caller);
    }

    @POST
    @Path("rotate")
    public KeyEncryptionKeys.Rewrapped rotate() {
        return keys.rotate(caller);
    }

    @POST
    @Path("rewrap")
    public KeyEncryptionKeys.Rewrapped rewrap() {
        return keys.rewrap(caller);
    }
}
