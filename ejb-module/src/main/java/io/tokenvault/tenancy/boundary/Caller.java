package io.tokenvault.tenancy.boundary;

import java.util.Objects;

/**
 * Who is calling: an API key (or, later, a web user) with one role, bound to one tenant unless it is a platform
 * admin. Roles are checked declaratively at the entry points; services use the caller for what a role alone cannot
 * say (which tenant a tenant admin may see).
 */
public record Caller(String id, Role role, String tenantId) {

    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tenantId, "tenantId");
    }

    public boolean isPlatformAdmin() {
        return role == Role.PLATFORM_ADMIN;
    }

    /**
     * Checks that a boundary may act for this caller within the tenant: the tenant's scope is open, and the tenant is
     * the caller's own (or the caller is a platform admin). Another tenant answers like an unknown one (404).
     */
    public void requireTenant(String tenant) {
        io.tokenvault.tenancy.control.TenantScope.require(tenant);
        if (!mayAccessTenant(tenant)) {
            throw io.tokenvault.platform.boundary.NoSuchResourceException.of("Tenant", tenant);
        }
    }

    /** As {@link #requireTenant}, and the caller administers it: worker keys are refused with {@code workerRefusal}. */
    public void requireTenantAdmin(String tenant, String workerRefusal) {
        requireTenant(tenant);
        if (role == Role.WORKER) {
            throw new io.tokenvault.platform.boundary.ForbiddenActionException(workerRefusal);
        }
    }

    /** Checks that the caller is a platform admin; anyone else is refused (403) with {@code refusal}. */
    public void requirePlatformAdmin(String refusal) {
        if (!isPlatformAdmin()) {
            throw new io.tokenvault.platform.boundary.ForbiddenActionException(refusal);
        }
    }

    /** Whether this caller may act within the given tenant at all (its role decides what it may do there). */
    public boolean mayAccessTenant(String tenant) {
        return isPlatformAdmin() || tenantId.equals(tenant);
    }
}
