package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Storage Race Condition": two sync processes see the same expired token, both refresh with refresh1,
 * one stores refresh2, the other overwrites it with refresh3, and with a rotating provider the grant is lost. With
 * reuse detection on (RFC 9700), the second refresh with the spent refresh1 would even revoke the whole grant.
 */
class ConcurrentProcessesRefreshingWithTheSameTokenTest {

    private static final int CALLERS = 50;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void fiftyCallersOnOneExpiredTokenCauseOneRefresh(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");
            f.token(0, alice.id()); // the node has the token cached, as a running server would
            f.clock().advance(Duration.ofMinutes(61));
            long callsBefore = f.tokenCalls();

            List<Outcome> outcomes = Crowd.once(CALLERS, i -> f.attempt(0, alice.id(), null, null));

            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            assertThat(outcomes).extracting(o -> o.grant().accessToken()).containsOnly(
                    outcomes.get(0).grant().accessToken());
            assertThat(f.tokenCalls() - callsBefore).as("token endpoint calls").isEqualTo(1);
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            assertThat(f.providerAccepts(outcomes.get(0).grant().accessToken())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void fiftyCallersOnAConnectionWithoutAccessTokenCauseOneRefresh(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connectWithoutAccessToken("alice"); // imported with its refresh token only; cold cache

            List<Outcome> outcomes = Crowd.once(CALLERS, i -> f.attempt(0, alice.id(), null, null));

            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            assertThat(outcomes).extracting(o -> o.grant().accessToken()).containsOnly(
                    outcomes.get(0).grant().accessToken());
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
        }
    }
}
