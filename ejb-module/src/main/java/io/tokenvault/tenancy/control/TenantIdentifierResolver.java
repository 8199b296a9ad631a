package io.tokenvault.tenancy.control;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/** Tells Hibernate which tenant's rows the current thread may see: the one of its {@link TenantScope}. */
public class TenantIdentifierResolver implements CurrentTenantIdentifierResolver<String> {

    @Override
    public String resolveCurrentTenantIdentifier() {
        return TenantScope.current();
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }

    @Override
    public boolean isRoot(String tenantId) {
        return TenantScope.ROOT.equals(tenantId);
    }
}
