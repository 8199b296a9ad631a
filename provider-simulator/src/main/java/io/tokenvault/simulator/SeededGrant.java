package io.tokenvault.simulator;

import java.time.Instant;
import java.util.Set;

/**
 * A grant made by {@link ProviderSimulator#issueGrant} without a consent flow, with the tokens a
 * system being migrated from would hold.
 *
 * @param grantId              the simulator's grant id
 * @param accessToken          a valid access token
 * @param refreshToken         its refresh token
 * @param accessTokenExpiresAt when the access token dies (simulator clock)
 * @param scopes               granted scopes
 */
public record SeededGrant(String grantId, String accessToken, String refreshToken, Instant accessTokenExpiresAt,
                          Set<String> scopes) {

    @Override
    public String toString() {
        return "SeededGrant[" + grantId + ", scopes=" + scopes + ", accessTokenExpiresAt=" + accessTokenExpiresAt + "]";
    }
}
