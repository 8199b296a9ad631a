package io.tokenvault.apikeys.boundary;

import io.tokenvault.apikeys.control.ApiKeyCache;
import io.tokenvault.apikeys.control.ApiKeyMaterial;
import io.tokenvault.apikeys.entity.ApiKey;
import io.tokenvault.platform.boundary.ForbiddenActionException;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tenancy.boundary.Tenants;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Issuing, listing, revoking and recognising API keys. */
@Stateless
public class ApiKeys {

    static final int LABEL_MAX = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    ApiKeyCache cache;

    @Inject
    Tenants tenants;

    @Inject
    Clock clock;

    /**
     * Issues a key for a tenant. Tenant keys have the role {@code tenant-admin} or {@code worker}; platform-admin keys
     * belong to no tenant and are issued by {@link #issuePlatformKey}.
     */
    public IssuedApiKey issue(Caller caller, String tenantId, String roleName, String label) {
        requireTenantAccess(caller, tenantId);
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        Optional<Role> role = Role.fromApiName(roleName);
        if (roleName == null || roleName.isBlank()) {
            errors.add("role", "is required (one of tenant-admin, worker)");
        } else if (role.isEmpty()) {
            errors.add("role", "must be one of " + Role.apiNames() + ", not '" + roleName + "'");
        } else if (role.get() == Role.PLATFORM_ADMIN) {
            errors.add("role", "platform-admin keys belong to no tenant: issue them with POST /api/v1/admin/api-keys");
        }
        checkLabel(label, errors);
        errors.throwIfAny();
        return store(caller, tenantId, role.orElseThrow(), label);
    }

    /** Issues a platform-admin key; only platform admins may. */
    public IssuedApiKey issuePlatformKey(Caller caller, String label) {
        TenantScope.require(ApiKey.PLATFORM);
        if (!caller.isPlatformAdmin()) {
            throw new ForbiddenActionException("Only a platform admin can issue platform-admin keys");
        }
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        checkLabel(label, errors);
        errors.throwIfAny();
        return store(caller, ApiKey.PLATFORM, Role.PLATFORM_ADMIN, label);
    }

    /** The keys of a tenant (or of the platform, for {@link ApiKey#PLATFORM}), newest first; never the key values. */
    public List<ApiKeyView> list(Caller caller, String tenantId) {
        requireTenantAccess(caller, tenantId);
        return em.createQuery("select k from ApiKey k order by k.createdAt desc, k.id", ApiKey.class)
                .getResultStream().map(ApiKeyView::of).toList();
    }

    /** Revokes a key at once: the next request that presents it is refused. Revoking twice is harmless. */
    public ApiKeyView revoke(Caller caller, String tenantId, String keyId) {
        requireTenantAccess(caller, tenantId);
        ApiKey key = em.createQuery("select k from ApiKey k where k.id = :id", ApiKey.class)
                .setParameter("id", keyId).getResultStream().findFirst()
                .orElseThrow(() -> NoSuchResourceException.of("API key", keyId));
        key.revoke(clock.instant());
        cache.evict(key.id());
        return ApiKeyView.of(key);
    }

    /**
     * Looks a presented key value up in the database (across all tenants: call it outside any tenant's transaction);
     * {@link Authentication} answers known keys from memory first and comes here only on a miss: the caller it stands for, if it is an active key. Known keys are answered from
     * memory, without database I/O.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<Caller> authenticate(String presentedKey) {
        if (!ApiKeyMaterial.looksLikeKey(presentedKey)) {
            return Optional.empty();
        }
        String hash = ApiKeyMaterial.hash(presentedKey);
        Optional<Caller> stored = TenantScope.callAsRoot(() -> em
                .createQuery("select k from ApiKey k where k.keyHash = :hash", ApiKey.class)
                .setParameter("hash", hash).getResultStream().findFirst()
                .filter(ApiKey::isActive)
                .map(k -> new Caller(k.id(), k.role(), k.tenantId())));
        stored.ifPresent(caller -> cache.put(hash, caller));
        return stored;
    }

    private IssuedApiKey store(Caller caller, String tenantId, Role role, String label) {
        String value = ApiKeyMaterial.generate();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), tenantId, role, blankToNull(label),
                ApiKeyMaterial.hash(value), ApiKeyMaterial.displayPrefix(value), clock.instant(), caller.id());
        em.persist(key);
        em.flush();
        return new IssuedApiKey(key.id(), value, role.apiName(), key.label());
    }

    private void requireTenantAccess(Caller caller, String tenantId) {
        TenantScope.require(tenantId);
        if (ApiKey.PLATFORM.equals(tenantId)) {
            if (!caller.isPlatformAdmin()) {
                throw new ForbiddenActionException("Only a platform admin can manage platform-admin keys");
            }
            return;
        }
        caller.requireTenantAdmin(tenantId, "Worker keys cannot manage API keys");
        if (!tenants.exists(tenantId)) {
            throw NoSuchResourceException.of("Tenant", tenantId);
        }
    }

    private static void checkLabel(String label, InvalidInputException.Collector errors) {
        if (label != null && label.length() > LABEL_MAX) {
            errors.add("label", "must be at most " + LABEL_MAX + " characters");
        } else if (label != null && label.chars().anyMatch(Character::isISOControl)) {
            errors.add("label", "must not contain control characters");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
