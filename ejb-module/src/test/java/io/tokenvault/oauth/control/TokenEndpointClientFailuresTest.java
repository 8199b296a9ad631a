package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.TokenResponseOutcome.Rejected;
import io.tokenvault.oauth.control.TokenResponseOutcome.Unavailable;
import io.tokenvault.simulator.Behaviour;
import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.simulator.InjectedFailure;
import io.tokenvault.simulator.ProviderError;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.Refusal;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatorClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals and outages, against the provider simulator over HTTP. */
class TokenEndpointClientFailuresTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final SimulatorClock clock = SimulatorClock.fixedAt(T0);
    private final ProviderSimulator sim = ProviderSimulator.start(clock);
    private final TokenEndpointClient client =
            new TokenEndpointClient(clock, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMinutes(1));
    private Behaviour behaviour;
    private SeededGrant grant;

    @BeforeEach
    void register() {
        behaviour = sim.registerClient("app", "s3cret").behaviour();
        grant = sim.issueGrant("app", "alice", "a");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private TokenResponseOutcome refresh() {
        return client.refresh(ClientCredentials.basic("app", SecretValue.of("s3cret")), sim.tokenEndpoint(),
                grant.refreshToken());
    }

    private Rejected rejected() {
        TokenResponseOutcome outcome = refresh();
        assertThat(outcome).isInstanceOf(Rejected.class);
        return (Rejected) outcome;
    }

    private Unavailable unavailable(TokenResponseOutcome outcome) {
        assertThat(outcome).isInstanceOf(Unavailable.class);
        return (Unavailable) outcome;
    }

    @Test
    void googleRevokedGrant() {
        behaviour.errorStyle(ErrorStyle.GOOGLE);
        sim.revokeUser("alice");

        Rejected rejected = rejected();

        assertThat(rejected.isInvalidGrant()).isTrue();
        assertThat(rejected.description()).hasValue("Token has been expired or revoked.");
        assertThat(rejected.subtype()).isEmpty();
        assertThat(rejected.providerCodes()).isEmpty();
        assertThat(rejected.httpStatus()).isEqualTo(400);
    }

    @Test
    void googleInvalidRaptSubtype() {
        behaviour.errorStyle(ErrorStyle.GOOGLE);
        sim.forceGrantError(grant.grantId(), Refusal.REAUTH_REQUIRED);

        Rejected rejected = rejected();

        assertThat(rejected.isInvalidGrant()).isTrue();
        assertThat(rejected.subtype()).hasValue("invalid_rapt");
    }

    @Test
    void microsoftMfaRequiredCodes() {
        behaviour.errorStyle(ErrorStyle.MICROSOFT);
        sim.forceGrantError(grant.grantId(), Refusal.MFA_REQUIRED);

        Rejected rejected = rejected();

        assertThat(rejected.isInvalidGrant()).isTrue();
        assertThat(rejected.providerCodes()).containsExactly("AADSTS50076");
        assertThat(rejected.hasProviderCode("AADSTS50076")).isTrue();
        assertThat(rejected.subtype()).hasValue("basic_action");
        assertThat(rejected.description()).hasValueSatisfying(d -> assertThat(d).startsWith("AADSTS50076:"));
    }

    @Test
    void microsoftPasswordChangedConsentAndInactivityCodes() {
        behaviour.errorStyle(ErrorStyle.MICROSOFT);
        sim.forceGrantError(grant.grantId(), Refusal.CONSENT_REQUIRED);
        assertThat(rejected().providerCodes()).containsExactly("AADSTS65001");
        sim.forceGrantError(grant.grantId(), ProviderError.microsoft(700082));
        assertThat(rejected().providerCodes()).containsExactly("AADSTS700082");

        sim.clearGrantError(grant.grantId());
        sim.passwordChanged("alice");
        assertThat(rejected().providerCodes()).containsExactly("AADSTS50173");
    }

    @Test
    void testingAppExpiryAfterSevenDays() {
        behaviour.errorStyle(ErrorStyle.GOOGLE).refreshTokenMaxAge(Duration.ofDays(7));
        clock.advance(Duration.ofDays(7));

        assertThat(rejected().isInvalidGrant()).isTrue();
    }

    @Test
    void wrongSecretIsAClientAuthenticationFailure() {
        TokenResponseOutcome basic = client.refresh(ClientCredentials.basic("app", SecretValue.of("wrong")),
                sim.tokenEndpoint(), grant.refreshToken());
        TokenResponseOutcome post = client.refresh(ClientCredentials.post("app", SecretValue.of("wrong")),
                sim.tokenEndpoint(), grant.refreshToken());

        for (TokenResponseOutcome outcome : new TokenResponseOutcome[] {basic, post}) {
            assertThat(outcome).isInstanceOfSatisfying(Rejected.class, r -> {
                assertThat(r.error()).isEqualTo("invalid_client");
                assertThat(r.isClientAuthenticationFailure()).isTrue();
                assertThat(r.isInvalidGrant()).isFalse();
                assertThat(r.httpStatus()).isEqualTo(401);
            });
        }
    }

    @Test
    void unauthorizedClientCountsAsAClientAuthenticationFailure() {
        sim.forceGrantError(grant.grantId(), ProviderError.microsoft(700016));

        Rejected rejected = rejected();

        assertThat(rejected.error()).isEqualTo("unauthorized_client");
        assertThat(rejected.isClientAuthenticationFailure()).isTrue();
    }

    @Test
    void serverErrorsAreUnavailable() {
        behaviour.failNext(1, 503).failNext(1, 500);

        Unavailable html503 = unavailable(refresh());
        Unavailable json500 = unavailable(refresh());

        assertThat(html503.kind()).isEqualTo(Unavailable.Kind.SERVER_ERROR);
        assertThat(html503.httpStatus()).isEqualTo(503);
        assertThat(json500.kind()).isEqualTo(Unavailable.Kind.SERVER_ERROR);
        assertThat(json500.httpStatus()).isEqualTo(500);
        assertThat(refresh()).isInstanceOf(TokenResponseOutcome.Issued.class);
    }

    @Test
    void rateLimitingCarriesRetryAfter() {
        behaviour.rateLimitNext(1, Duration.ofSeconds(30));

        Unavailable limited = unavailable(refresh());

        assertThat(limited.kind()).isEqualTo(Unavailable.Kind.RATE_LIMITED);
        assertThat(limited.httpStatus()).isEqualTo(429);
        assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void aHeldAnswerIsATimeout() throws Exception {
        behaviour.timeoutNext(1, Duration.ofSeconds(30));

        Unavailable timeout = unavailable(refresh());

        assertThat(timeout.kind()).isEqualTo(Unavailable.Kind.TIMEOUT);
        assertThat(timeout.httpStatus()).isZero();
        sim.releaseHeldResponses();
    }

    @Test
    void aLostAnswerAfterRotationIsATimeoutAndTheProviderHasMovedOn() throws Exception {
        behaviour.rotateRefreshTokens(true).enqueue(InjectedFailure.timeoutAfterProcessing(Duration.ofSeconds(30)));

        Unavailable timeout = unavailable(refresh());

        assertThat(timeout.kind()).isEqualTo(Unavailable.Kind.TIMEOUT);
        assertThat(sim.awaitHeldResponses(1, Duration.ofSeconds(10))).isTrue();
        assertThat(sim.currentRefreshToken(grant.grantId())).isNotEqualTo(Optional.of(grant.refreshToken()));
        sim.releaseHeldResponses();
    }

    @Test
    void aDroppedConnectionIsANetworkFailureAndIsNotRetried() {
        behaviour.enqueue(InjectedFailure.disconnect());

        Unavailable dropped = unavailable(refresh());

        assertThat(dropped.kind()).isEqualTo(Unavailable.Kind.NETWORK);
        assertThat(sim.tokenCalls()).isEqualTo(1);
    }

    @Test
    void aClosedPortIsANetworkFailure() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        Unavailable refused = unavailable(client.refresh(ClientCredentials.basic("app", SecretValue.of("s3cret")),
                URI.create("http://127.0.0.1:" + port + "/token"), grant.refreshToken()));

        assertThat(refused.kind()).isEqualTo(Unavailable.Kind.NETWORK);
    }

    @Test
    void aWrongPathIsAnUnrecognizedRefusal() {
        TokenResponseOutcome outcome = client.refresh(ClientCredentials.basic("app", SecretValue.of("s3cret")),
                sim.baseUrl().resolve("/no-such-endpoint"), grant.refreshToken());

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.error()).isEqualTo(Rejected.UNRECOGNIZED_RESPONSE);
            assertThat(r.httpStatus()).isEqualTo(404);
        });
    }

    @Test
    void aSuccessfulAnswerThatIsNotATokenResponseIsMalformed() {
        TokenResponseOutcome outcome = client.refresh(ClientCredentials.basic("app", SecretValue.of("s3cret")),
                sim.discoveryEndpoint(), grant.refreshToken());

        assertThat(unavailable(outcome).kind()).isEqualTo(Unavailable.Kind.MALFORMED_RESPONSE);
    }
}
