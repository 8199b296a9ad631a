package io.tokenvault.tokens.control;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.crypto.control.Sealed;
import java.time.Instant;
import java.util.Set;

/**
 * What the engine keeps in memory per connection: the sealed access token (decrypted per request, never held in the
 * clear), its hash to recognise rejection reports, its expiry and lifetime, and the connection's status.
 */
record CachedToken(String connectionId, String tenantId, long version, ConnectionStatus status, String statusReason, String statusDetail,
        Sealed accessToken, String accessHash, String tokenType, Instant expiresAt, Instant refreshedAt,
        Set<String> scopes, Instant issuedForRejectionAt) {
}
