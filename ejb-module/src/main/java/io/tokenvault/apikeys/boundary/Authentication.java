package io.tokenvault.apikeys.boundary;

import io.tokenvault.apikeys.control.ApiKeyCache;
import io.tokenvault.apikeys.control.ApiKeyMaterial;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Recognises API keys on every request. A key seen before is answered from memory (a hash and a map lookup); only an
 * unknown key goes to the database through {@link ApiKeys}. Revocation evicts the key from memory at once.
 */
@ApplicationScoped
public class Authentication {

    @Inject
    ApiKeyCache cache;

    @Inject
    ApiKeys apiKeys;

    /** The caller a presented key stands for, if it is an active key. */
    public Optional<Caller> authenticate(String presentedKey) {
        if (!ApiKeyMaterial.looksLikeKey(presentedKey)) {
            return Optional.empty();
        }
        Optional<Caller> cached = cache.byHash(ApiKeyMaterial.hash(presentedKey));
        return cached.isPresent() ? cached : apiKeys.authenticate(presentedKey);
    }
}
