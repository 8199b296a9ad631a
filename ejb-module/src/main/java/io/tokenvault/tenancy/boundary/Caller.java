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

    /** Whether this caller may act within the given tenant at all (its role decides what it may do there). */
    public boolean mayAccessTenant(String tenant) {
        return isPlatformAdmin() || tenantId.equals(tenant);
    }
}
