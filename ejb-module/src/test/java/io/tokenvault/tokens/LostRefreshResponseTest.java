package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.ClientCredentials;
import io.tokenvault.oauth.control.TokenEndpointClient;
import io.tokenvault.oauth.control.TokenResponseOutcome;
import io.tokenvault.simulator.InjectedFailure;
import io.tokenvault.simulator.ReuseGraceAnswer;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import io.tokenvault.tokens.boundary.ReauthorizationRequiredException;
import io.tokenvault.tokens.control.AccessGrant;
import io.tokenvault.tokens.control.TokenRow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Stored refresh token: null (disappeared?)": a node is killed (or its request times out) after the
 * provider rotated the refresh token but before the answer was written. The next leader knows a refresh was in flight:
 * a provider with a reuse grace period answers the replay and nothing is lost; one without it cannot be talked round,
 * and the connection says so ({@code refresh_response_lost}) instead of blaming the user.
 */
class LostRefreshResponseTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aNodeKilledBeforeStoringTheAnswerIsRecoveredWithinTheReuseGracePeriod(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true).reuseGracePeriod(Duration.ofMinutes(2));
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            refreshedByANodeThatDiedBeforeWriting(f, alice);

            AccessGrant grant = f.token(0, alice.id());

            assertThat(f.tokenCalls()).as("the dead node's call and the replay").isEqualTo(2);
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(f.providerAccepts(grant.accessToken())).isTrue();
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            f.clock().advance(Duration.ofMinutes(61));
            assertThat(f.providerAccepts(f.token(0, alice.id()).accessToken())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aGraceAnswerWithAFreshPairIsStoredToo(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true).reuseGracePeriod(Duration.ofMinutes(2))
                    .reuseGraceAnswer(ReuseGraceAnswer.FRESH_PAIR);
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            refreshedByANodeThatDiedBeforeWriting(f, alice);

            f.token(0, alice.id());

            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            f.clock().advance(Duration.ofMinutes(61));
            assertThat(f.providerAccepts(f.token(0, alice.id()).accessToken())).isTrue();
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void withoutAGracePeriodTheLossIsDiagnosedNotBlamedOnTheUser(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            refreshedByANodeThatDiedBeforeWriting(f, alice);

            Outcome outcome = f.attempt(0, alice.id(), null, null);

            assertThat(outcome.failure()).isInstanceOfSatisfying(ReauthorizationRequiredException.class,
                    e -> assertThat(e.diagnosis().reason()).isEqualTo("refresh_response_lost"));
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
            assertThat(f.row(alice.id()).statusReason()).isEqualTo("refresh_response_lost");
            assertThat(f.tokenCalls()).isEqualTo(2);
            f.attempt(0, alice.id(), null, null);
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aTimeoutAfterTheProviderRotatedIsRecoveredWithinTheReuseGracePeriod(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).readTimeout(Duration.ofSeconds(2)).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true).reuseGracePeriod(Duration.ofMinutes(2));
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            f.behaviour().enqueue(InjectedFailure.timeoutAfterProcessing(Duration.ofSeconds(30)));

            AccessGrant grant = f.token(0, alice.id());

            assertThat(f.tokenCalls()).as("the timed-out call and the replay").isEqualTo(2);
            assertThat(f.providerAccepts(grant.accessToken())).isTrue();
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aTimeoutAfterTheProviderRotatedWithoutGraceIsDiagnosed(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).readTimeout(Duration.ofSeconds(2)).start()) {
            f.behaviour().rotateRefreshTokens(true);
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            f.behaviour().enqueue(InjectedFailure.timeoutAfterProcessing(Duration.ofSeconds(30)));

            Outcome outcome = f.attempt(0, alice.id(), null, null);

            assertThat(outcome.failure()).isInstanceOfSatisfying(ReauthorizationRequiredException.class,
                    e -> assertThat(e.diagnosis().reason()).isEqualTo("refresh_response_lost"));
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    /** A node claims the lease, its request reaches the provider (which rotates), and it dies before writing. */
    private static void refreshedByANodeThatDiedBeforeWriting(EngineFixture f, Linked alice) {
        TokenRow row = f.row(alice.id());
        Instant now = f.clock().instant();
        assertThat(f.store().claimLease(row, "node-killed", now.plus(Duration.ofSeconds(30)), now)).isTrue();
        TokenEndpointClient client = new TokenEndpointClient(f.clock(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        try (ClientCredentials credentials = ClientCredentials.basic(EngineFixture.CLIENT_ID,
                SecretValue.of(f.activeSecret()))) {
            assertThat(client.refresh(credentials, f.tokenEndpoint(), alice.seeded().refreshToken()))
                    .isInstanceOf(TokenResponseOutcome.Issued.class);
        }
        assertThat(f.providerRefreshToken(alice)).get().isNotEqualTo(alice.seeded().refreshToken());
        f.clock().advance(Duration.ofSeconds(31)); // the dead node's lease runs out
    }
}
