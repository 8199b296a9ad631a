package io.tokenvault.apikeys.control;

import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps recently authenticated keys in memory so that an API call with a known key does no database I/O. Revoking a
 * key evicts it here at once; only active keys are ever cached.
 */
@ApplicationScoped
public class ApiKeyCache {

    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();
    private final Map<String, Caller> byId = new ConcurrentHashMap<>();

    public Optional<Caller> byHash(String keyHash) {
        return Optional.ofNullable(byHash.get(keyHash));
    }

    public void put(String keyHash, Caller caller) {
        byId.put(caller.id(), caller);
        byHash.put(keyHash, caller);
    }

    /** Forgets every key of a tenant (after it was off-boarded). */
    public void evictTenant(String tenantId) {
        byId.values().removeIf(c -> tenantId.equals(c.tenantId()));
        byHash.values().removeIf(c -> tenantId.equals(c.tenantId()));
    }

    public void evict(String keyId) {
        Caller removed = byId.remove(keyId);
        if (removed != null) {
            byHash.values().removeIf(c -> c.id().equals(keyId));
        }
    }
}
