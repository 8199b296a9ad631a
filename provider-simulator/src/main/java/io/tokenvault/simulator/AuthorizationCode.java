package io.tokenvault.simulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** An authorization code waiting for its exchange; single use, ten minutes. */
final class AuthorizationCode {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    final String clientId;
    final URI redirectUri;
    final String userId;
    final Set<String> scopes;
    final String codeChallenge;
    final boolean offline;
    final Instant createdAt;
    private String grantId;

    AuthorizationCode(String clientId, URI redirectUri, String userId, Set<String> scopes, String codeChallenge,
                      boolean offline, Instant createdAt) {
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.userId = userId;
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        this.codeChallenge = codeChallenge;
        this.offline = offline;
        this.createdAt = createdAt;
    }

    /** The grant the code was exchanged for; {@code null} while unused. Guarded by this code's monitor. */
    String grantId() {
        return grantId;
    }

    void redeemedFor(String id) {
        grantId = id;
    }
}
