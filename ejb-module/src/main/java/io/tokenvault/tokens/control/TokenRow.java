package io.tokenvault.tokens.control;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** A connection's row as the engine reads it: status, sealed token set, lease and version. */
public record TokenRow(String id, String tenantId, String appId, ConnectionStatus status, String statusReason,
        String statusDetail, String scopes, Instant grantIssuedAt, String grantCredentialId,
        String refreshCiphertext, Long refreshKeyId, String refreshHash,
        String accessCiphertext, Long accessKeyId, String accessHash, String tokenType, Instant accessExpiresAt,
        Instant lastRefreshedAt, Instant issuedForRejectionAt, String leaseOwner, Instant leaseUntil,
        String leaseTokenHash, String refreshInDoubtHash, long version, Integer grantOrdinal, Instant grantExpiresAt,
        String grantExpiryBasis) {

    public Optional<Sealed> refreshToken() {
        return refreshCiphertext == null ? Optional.empty()
                : Optional.of(new Sealed(refreshKeyId.intValue(), KeyRing.decode(refreshCiphertext)));
    }

    public Optional<Sealed> accessToken() {
        return accessCiphertext == null ? Optional.empty()
                : Optional.of(new Sealed(accessKeyId.intValue(), KeyRing.decode(accessCiphertext)));
    }

    /** The stored forecast of the grant's hard expiry, if any. */
    public Optional<io.tokenvault.oauth.control.GrantExpiry.Forecast> grantExpiry() {
        if (grantExpiresAt == null || grantExpiryBasis == null) {
            return Optional.empty();
        }
        return Optional.of(new io.tokenvault.oauth.control.GrantExpiry.Forecast(grantExpiresAt,
                io.tokenvault.oauth.control.GrantExpiry.Basis.valueOf(grantExpiryBasis.toUpperCase())));
    }

    public Set<String> scopeSet() {
        return scopes == null || scopes.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    }

    /** Another node holds an unexpired refresh lease. */
    public boolean leasedByOtherAt(Instant now, String self) {
        return leaseUntil != null && leaseUntil.isAfter(now) && !self.equals(leaseOwner);
    }

    /**
     * A refresh may have been spent without its answer being stored: a lease that ran out while it recorded the current
     * refresh token, or an attempt that timed out after sending it.
     */
    public boolean refreshInDoubt(Instant now) {
        boolean abandonedLease = leaseUntil != null && !leaseUntil.isAfter(now) && refreshHash != null
                && refreshHash.equals(leaseTokenHash);
        return abandonedLease || (refreshHash != null && refreshHash.equals(refreshInDoubtHash));
    }
}
