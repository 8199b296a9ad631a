package io.tokenvault.apikeys.boundary;

import io.tokenvault.apikeys.entity.ApiKey;
import java.time.Instant;

/** An API key as listed: never the key, only a prefix to recognise it by. */
public record ApiKeyView(String id, String role, String label, String prefix, Instant createdAt, String createdBy,
        Instant revokedAt) {

    static ApiKeyView of(ApiKey key) {
        return new ApiKeyView(key.id(), key.role().apiName(), key.label(), key.keyPrefix(), key.createdAt(),
                key.createdBy(), key.revokedAt().orElse(null));
    }
}
