package io.tokenvault.oauth.control;

import io.tokenvault.catalog.ProviderEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When a grant will stop working however it is used: the hard expiry that the expiry forecast warns about before it
 * strikes. Inactivity expiry is not counted here: the idle-connection probe keeps such grants alive.
 *
 * <p>The earliest of what is known:
 * <ul>
 * <li>{@code refresh_token_expires_in} in the provider's answer (Google's time-limited grants and Testing apps);</li>
 * <li>the catalog's per-token lifetime (Box, Zoom), counted from the answer that issued the refresh token; a refresh
 * that kept the token keeps the expiry it had;</li>
 * <li>the catalog's absolute lifetime (Atlassian), counted from consent.</li>
 * </ul>
 */
public final class GrantExpiry {

    /** Where a forecast came from, as stored in {@code connection.grant_expiry_basis}. */
    public enum Basis {
        /** The provider said so in the token response. */
        PROVIDER,
        /** The catalog's lifetime of one issued refresh token. */
        TOKEN_LIFETIME,
        /** The catalog's absolute grant lifetime, counted from consent. */
        ABSOLUTE_LIFETIME,
        /** Carried over from the previous answer: the refresh token did not change. */
        UNCHANGED_TOKEN;

        public String column() {
            return name().toLowerCase();
        }
    }

    /** A known hard expiry. */
    public record Forecast(Instant at, Basis basis) {
    }

    private GrantExpiry() {
    }

    /**
     * The grant's hard expiry after a token response.
     *
     * @param entry          the provider's catalog entry, when the app uses a catalog provider
     * @param issued         the provider's answer
     * @param grantIssuedAt  when the user consented (the grant's start)
     * @param newRefreshToken whether the answer carried a refresh token other than the one held before (a first grant,
     *                       or a rotation)
     * @param previous       the forecast stored before this answer
     */
    public static Optional<Forecast> after(Optional<ProviderEntry> entry, TokenResponseOutcome.Issued issued,
            Instant grantIssuedAt, boolean newRefreshToken, Optional<Forecast> previous) {
        Optional<Forecast> ofToken = issued.refreshTokenExpiresAt().map(at -> new Forecast(at, Basis.PROVIDER))
                .or(() -> newRefreshToken
                        ? entry.flatMap(ProviderEntry::refreshTokenLifetime)
                                .map(lifetime -> new Forecast(issued.sentAt().plus(lifetime), Basis.TOKEN_LIFETIME))
                        : previous.filter(p -> p.basis() != Basis.ABSOLUTE_LIFETIME)
                                .map(p -> new Forecast(p.at(), Basis.UNCHANGED_TOKEN)));
        Optional<Forecast> ofGrant = grantIssuedAt == null ? Optional.empty()
                : entry.flatMap(ProviderEntry::absoluteLifetime)
                        .map(lifetime -> new Forecast(grantIssuedAt.plus(lifetime), Basis.ABSOLUTE_LIFETIME));
        return Stream.of(ofToken, ofGrant).flatMap(Optional::stream).min(Comparator.comparing(Forecast::at));
    }
}
