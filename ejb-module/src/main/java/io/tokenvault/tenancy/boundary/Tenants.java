package io.tokenvault.tenancy.boundary;

import io.tokenvault.platform.boundary.ConflictException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creating and reading tenants. */
@Stateless
public class Tenants {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Creates a tenant; only platform admins may. */
    public TenantView create(Caller caller, String id, String name) {
        caller.requirePlatformAdmin("Only a platform admin can create tenants");
        Tenant tenant = new Tenant(id, name, clock.instant());
        if (em.find(Tenant.class, id) != null) {
            throw new ConflictException("Tenant '" + id + "' already exists");
        }
        em.persist(tenant);
        em.flush();
        return TenantView.of(tenant);
    }

    /** The tenants the caller may see: all of them for a platform admin, its own for anyone else. */
    public List<TenantView> list(Caller caller) {
        if (caller.isPlatformAdmin()) {
            return em.createQuery("select t from Tenant t order by t.id", Tenant.class)
                    .getResultStream().map(TenantView::of).toList();
        }
        return find(caller.tenantId()).stream().toList();
    }

    /** A tenant the caller may see; unknown and foreign tenants look alike (404), so existence does not leak. */
    public TenantView get(Caller caller, String id) {
        if (!caller.mayAccessTenant(id)) {
            throw NoSuchResourceException.of("Tenant", id);
        }
        return find(id).orElseThrow(() -> NoSuchResourceException.of("Tenant", id));
    }

    public Optional<TenantView> find(String id) {
        return Optional.ofNullable(em.find(Tenant.class, id)).map(TenantView::of);
    }

    public boolean exists(String id) {
        return em.find(Tenant.class, id) != null;
    }
}
