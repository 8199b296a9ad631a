package io.tokenvault.connections.boundary;

import io.tokenvault.connections.entity.Connection;
import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.tokens.control.Diagnosis;
import io.tokenvault.tokens.control.GrantDiagnosis;
import java.time.Instant;
import java.util.List;

/** A connection as the API shows it: status, why, and what to do; never a token. */
public record ConnectionView(String id, String app, String externalUserId, String status, String statusReason,
        String explanation, String remedy, List<String> scopes, Instant accessTokenExpiresAt, Instant lastRefreshedAt,
        Instant createdAt, Instant statusChangedAt, List<String> missingScopes, Instant grantExpiresAt,
        String reauthorizationUrl) {

    static ConnectionView of(Connection c, String appKey, java.util.Set<String> appScopes, String reauthorizationUrl) {
        boolean broken = c.status() == ConnectionStatus.NEEDS_REAUTH || c.status() == ConnectionStatus.REVOKED;
        Diagnosis d = broken ? GrantDiagnosis.describe(c.statusReason().orElse(null), c.statusDetail().orElse(null))
                : null;
        return new ConnectionView(c.id(), appKey, c.externalUserId(), c.status().name(),
                c.statusReason().orElse(null), d == null ? null : d.explanation(), d == null ? null : d.remedy(),
                List.copyOf(c.scopes()), c.accessTokenExpiresAt().orElse(null), c.lastRefreshedAt().orElse(null),
                c.createdAt(), c.statusChangedAt(),
                c.status() == ConnectionStatus.PENDING ? List.of() : Connection.missingScopes(appScopes, c.scopes()),
                c.grantExpiresAt().orElse(null), c.status() == ConnectionStatus.ACTIVE ? null : reauthorizationUrl);
    }
}
