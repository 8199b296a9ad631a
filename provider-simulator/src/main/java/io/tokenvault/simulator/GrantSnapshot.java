package io.tokenvault.simulator;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A grant as it stood when read, for assertions.
 *
 * @param id                  the simulator's grant id
 * @param clientId            the client it was given to
 * @param userId              the user, empty for a client-credentials grant
 * @param scopes              granted scopes
 * @param createdAt           consent time (simulator clock)
 * @param alive               false once revoked, expired or killed by reuse detection
 * @param endReason           why it died
 * @param currentRefreshToken the refresh token that works now, if any
 * @param currentAccessToken  the latest access token
 * @param refreshTokensIssued how many refresh tokens the grant has had
 * @param lastActiveAt        last consent or successful refresh (simulator clock)
 */
public record GrantSnapshot(String id, String clientId, Optional<String> userId, Set<String> scopes, Instant createdAt,
                            boolean alive, Optional<Refusal> endReason, Optional<String> currentRefreshToken,
                            Optional<String> currentAccessToken, int refreshTokensIssued, Instant lastActiveAt) {
}
