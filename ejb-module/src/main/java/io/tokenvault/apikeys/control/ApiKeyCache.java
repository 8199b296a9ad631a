package io.tokenvault.apikeys.control;

import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.cluster.control.CacheInvalidation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps recently authenticated keys in memory so that an API call with a known key does no database I/O. Revoking a
 * key evicts it here at once; only active keys are ever cached.
 */
@ApplicationScoped
public class ApiKeyCache {

    @Inject
    Event<CacheInvalidation> invalidations;

    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();
    private final Map<String, Caller> byId = new ConcurrentHashMap<>();

    public Optional<Caller> byHash(String keyHash) {
        return Optional.ofNullable(byHash.get(keyHash));
    }

    public void put(String keyHash, Caller caller) {
        byId.put(caller.id(), caller);
        byHash.put(keyHash, caller);
    }

    /** Forgets every key of a tenant (after it was off-boarded), here and, once that commits, on every node. */
    public void evictTenant(String tenantId) {
        dropTenant(tenantId);
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.TENANT_API_KEYS, tenantId));
    }

    /** Forgets a revoked key, here and, once the revocation commits, on every node. */
    public void evict(String keyId) {
        drop(keyId);
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.API_KEY, keyId));
    }

    /**
     * Drops every cached key, so that each is re-read (and re-checked) at its next use: the safety net for a
     * revocation whose message this node missed.
     */
    public void expireAll() {
        byHash.clear();
        byId.clear();
    }

    void onOtherNodesChange(@Observes CacheInvalidation.Received change) {
        if (change.is(CacheInvalidation.Region.API_KEY)) {
            drop(change.key());
        } else if (change.is(CacheInvalidation.Region.TENANT_API_KEYS)) {
            dropTenant(change.key());
        }
    }

    private void dropTenant(String tenantId) {
        byId.values().removeIf(c -> tenantId.equals(c.tenantId()));
        byHash.values().removeIf(c -> tenantId.equals(c.tenantId()));
    }

    private void drop(String keyId) {
        Caller removed = byId.remove(keyId);
        if (removed != null) {
            byHash.values().removeIf(c -> c.id().equals(keyId));
        }
    }
}
