package io.tokenvault.tenancy.boundary;

import io.tokenvault.tenancy.entity.Tenant;
import java.time.Instant;

/** A tenant as the API shows it. */
public record TenantView(String id, String name, Instant createdAt) {

    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.id(), tenant.name(), tenant.createdAt());
    }
}
