package io.tokenvault.oauth.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.catalog.ProviderCatalog;
import io.tokenvault.catalog.ProviderEntry;
import io.tokenvault.oauth.control.GrantExpiry.Basis;
import io.tokenvault.oauth.control.GrantExpiry.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which hard expiry a grant has after each answer: the provider's word, the catalog's lifetimes, the earliest. */
class GrantExpiryTest {

    static final ProviderCatalog CATALOG = ProviderCatalog.standard();
    static final Instant CONSENT = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void theProvidersAnnouncedExpiryComesFirst() {
        Instant announced = NOW.plus(Duration.ofDays(7));
        Optional<Forecast> f = GrantExpiry.after(CATALOG.find("google"), answer(Optional.of(announced)), CONSENT, true,
                Optional.empty());
        assertThat(f).contains(new Forecast(announced, Basis.PROVIDER));
    }

    @Test
    void aRotatedTokenGetsTheCatalogsLifetimeFromItsIssue() {
        ProviderEntry box = CATALOG.find("box").orElseThrow(); // 60 days per refresh token, single use
        Optional<Forecast> f = GrantExpiry.after(Optional.of(box), answer(Optional.empty()), CONSENT, true,
                Optional.empty());
        assertThat(f).contains(new Forecast(NOW.plus(Duration.ofDays(60)), Basis.TOKEN_LIFETIME));
    }

    @Test
    void aKeptTokenKeepsItsExpiry() {
        Forecast before = new Forecast(NOW.plus(Duration.ofDays(3)), Basis.PROVIDER);
        Optional<Forecast> f = GrantExpiry.after(CATALOG.find("google"), answer(Optional.empty()), CONSENT, false,
                Optional.of(before));
        assertThat(f).contains(new Forecast(before.at(), Basis.UNCHANGED_TOKEN));
    }

    @Test
    void anAbsoluteLifetimeCountsFromConsentAndTheEarliestWins() {
        ProviderEntry atlassian = CATALOG.find("atlassian").orElseThrow(); // 365 days after consent
        Optional<Forecast> f = GrantExpiry.after(Optional.of(atlassian), answer(Optional.empty()), CONSENT, true,
                Optional.empty());
        assertThat(f).contains(new Forecast(CONSENT.plus(Duration.ofDays(365)), Basis.ABSOLUTE_LIFETIME));
        Optional<Forecast> sooner = GrantExpiry.after(Optional.of(atlassian),
                answer(Optional.of(NOW.plus(Duration.ofDays(2)))), CONSENT, true, Optional.empty());
        assertThat(sooner).contains(new Forecast(NOW.plus(Duration.ofDays(2)), Basis.PROVIDER));
    }

    @Test
    void noKnownLimitMeansNoForecast() {
        assertThat(GrantExpiry.after(CATALOG.find("oauth2"), answer(Optional.empty()), CONSENT, true,
                Optional.empty())).isEmpty();
        assertThat(GrantExpiry.after(Optional.empty(), answer(Optional.empty()), CONSENT, false, Optional.empty()))
                .isEmpty();
    }

    static TokenResponseOutcome.Issued answer(Optional<Instant> refreshTokenExpiresAt) {
        return new TokenResponseOutcome.Issued("access", "Bearer", Optional.of("refresh"), Set.of(),
                NOW.plusSeconds(3600), NOW, Optional.empty(), TokenResponseOutcome.Issued.ExpirySource.EXPIRES_IN,
                refreshTokenExpiresAt);
    }
}
