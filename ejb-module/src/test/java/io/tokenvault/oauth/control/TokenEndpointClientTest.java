package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.TokenResponseOutcome.Issued;
import io.tokenvault.oauth.control.TokenResponseOutcome.Issued.ExpirySource;
import io.tokenvault.simulator.AccessTokenFormat;
import io.tokenvault.simulator.Behaviour;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatorClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Successful refreshes and the expiry arithmetic, against the provider simulator over HTTP. */
class TokenEndpointClientTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final SimulatorClock clock = SimulatorClock.fixedAt(T0);
    private final ProviderSimulator sim = ProviderSimulator.start(clock);
    private final TokenEndpointClient client =
            new TokenEndpointClient(clock, Duration.ofSeconds(5), Duration.ofSeconds(5), MARGIN);
    private Behaviour behaviour;
    private SeededGrant grant;

    @BeforeEach
    void register() {
        behaviour = sim.registerClient("app", "s3cret").behaviour();
        grant = sim.issueGrant("app", "alice", "drive.readonly", "openid");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ClientCredentials basic() {
        return ClientCredentials.basic("app", SecretValue.of("s3cret"));
    }

    private Issued refresh(String refreshToken) {
        TokenResponseOutcome outcome = client.refresh(basic(), sim.tokenEndpoint(), refreshToken);
        assertThat(outcome).isInstanceOf(Issued.class);
        return (Issued) outcome;
    }

    @Test
    void refreshWithoutRotationReturnsNoRefreshToken() {
        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.accessToken()).isNotBlank().isNotEqualTo(grant.accessToken());
        assertThat(issued.tokenType()).isEqualTo("Bearer");
        assertThat(issued.refreshToken()).as("keep the stored one").isEmpty();
        assertThat(issued.scopes()).containsExactlyInAnyOrder("drive.readonly", "openid");
        assertThat(issued.sentAt()).isEqualTo(T0);
        assertThat(issued.providerDate()).hasValue(T0);
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)).minus(MARGIN));
        assertThat(issued.expirySource()).isEqualTo(ExpirySource.EXPIRES_IN);
        assertThat(sim.counters().refreshSuccesses()).isEqualTo(1);
    }

    @Test
    void refreshWithRotationReturnsTheNewRefreshToken() {
        behaviour.rotateRefreshTokens(true);

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.refreshToken()).isPresent().isNotEqualTo(java.util.Optional.of(grant.refreshToken()));
        assertThat(sim.currentRefreshToken(grant.grantId())).isEqualTo(issued.refreshToken());
        assertThat(refresh(issued.refreshToken().orElseThrow()).refreshToken()).isPresent();
    }

    @Test
    void clientSecretPostWorksToo() {
        TokenResponseOutcome outcome = client.refresh(ClientCredentials.post("app", SecretValue.of("s3cret")),
                sim.tokenEndpoint(), grant.refreshToken());

        assertThat(outcome).isInstanceOf(Issued.class);
    }

    @Test
    void expiryCountsFromWhenTheRequestWasSentNotWhenTheAnswerCame() {
        behaviour.simulatedLatency(Duration.ofSeconds(45));

        Issued issued = refresh(grant.refreshToken());

        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(45));
        assertThat(issued.sentAt()).isEqualTo(T0);
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)).minus(MARGIN));
    }

    @Test
    void anEarlierJwtExpWins() {
        behaviour.accessTokenFormat(AccessTokenFormat.JWT).issuedBeforeResponse(Duration.ofMinutes(10));

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.expirySource()).isEqualTo(ExpirySource.JWT_EXP);
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(50)).minus(MARGIN));
    }

    @Test
    void aJwtExpMatchingExpiresInKeepsExpiresIn() {
        behaviour.accessTokenFormat(AccessTokenFormat.JWT);

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.expirySource()).isEqualTo(ExpirySource.EXPIRES_IN);
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)).minus(MARGIN));
    }

    @Test
    void aProviderClockBehindOursIsTranslatedNotMistakenForAnEarlyExpiry() {
        behaviour.accessTokenFormat(AccessTokenFormat.JWT).clockSkew(Duration.ofMinutes(-5));

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.providerDate()).hasValue(T0.minus(Duration.ofMinutes(5)));
        assertThat(issued.expiresAt()).as("exp T0+55m on its clock is T0+60m on ours")
                .isEqualTo(T0.plus(Duration.ofHours(1)).minus(MARGIN));
    }

    @Test
    void aProviderClockAheadOfOursIsTranslatedBeforeComparing() {
        behaviour.accessTokenFormat(AccessTokenFormat.JWT).clockSkew(Duration.ofMinutes(5))
                .issuedBeforeResponse(Duration.ofMinutes(10));

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.providerDate()).hasValue(T0.plus(Duration.ofMinutes(5)));
        assertThat(issued.expirySource()).isEqualTo(ExpirySource.JWT_EXP);
        assertThat(issued.expiresAt()).as("exp T0+55m on its clock is T0+50m on ours")
                .isEqualTo(T0.plus(Duration.ofMinutes(50)).minus(MARGIN));
    }

    @Test
    void aJwtExpAloneSetsTheExpiry() {
        behaviour.accessTokenFormat(AccessTokenFormat.JWT).omitExpiresIn(true).accessTokenLifetime(Duration.ofMinutes(20));

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.expirySource()).isEqualTo(ExpirySource.JWT_EXP);
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)).minus(MARGIN));
    }

    @Test
    void noExpiresInAndAnOpaqueTokenAssumeOneHourFlagged() {
        behaviour.omitExpiresIn(true).returnScope(false);

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.isExpiryAssumed()).isTrue();
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)).minus(MARGIN));
        assertThat(issued.scopes()).isEmpty();
    }

    @Test
    void theMarginNeverTakesMoreThanHalfAShortLifetime() {
        behaviour.accessTokenLifetime(Duration.ofSeconds(60));

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.expiresAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void toStringShowsNoTokens() {
        behaviour.rotateRefreshTokens(true);

        Issued issued = refresh(grant.refreshToken());

        assertThat(issued.toString()).doesNotContain(issued.accessToken(), issued.refreshToken().orElseThrow())
                .contains("expiresAt");
    }
}
