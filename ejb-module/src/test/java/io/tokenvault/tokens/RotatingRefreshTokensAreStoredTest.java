package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.control.AccessGrant;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "The Refresh Token Rotation Problem": a provider that rotates refresh tokens invalidates the old one at
 * every refresh; a vault that does not store the new one breaks the integration permanently ("Stored refresh token:
 * null (disappeared?)"). Here the provider detects reuse, so a single refresh made with a spent token would kill the
 * grant on the spot.
 */
class RotatingRefreshTokensAreStoredTest {

    private static final int CYCLES = 1_000;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aThousandRotationsInARowNeverBreakTheGrant(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");
            String previousRefreshToken = alice.seeded().refreshToken();

            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                f.clock().advance(Duration.ofMinutes(61)); // the access token expired an hour after it was issued
                long callsBefore = f.tokenCalls();

                AccessGrant grant = f.token(0, alice.id());

                assertThat(f.tokenCalls() - callsBefore).as("token calls in cycle %d", cycle).isEqualTo(1);
                assertThat(f.sim().isGrantAlive(alice.grantId())).as("grant alive after cycle %d", cycle).isTrue();
                String current = f.providerRefreshToken(alice).orElseThrow();
                assertThat(current).as("the provider rotated in cycle %d", cycle).isNotEqualTo(previousRefreshToken);
                assertThat(f.storedRefreshToken(alice.id())).as("stored refresh token after cycle %d", cycle)
                        .isEqualTo(current);
                assertThat(grant.accessToken()).isEqualTo(
                        f.sim().grant(alice.grantId()).orElseThrow().currentAccessToken().orElseThrow());
                previousRefreshToken = current;
            }
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(f.providerAccepts(f.token(0, alice.id()).accessToken())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void anAnswerWithoutRefreshTokenKeepsTheStoredOne(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().rotateRefreshTokens(false).echoRefreshToken(false); // Google: no refresh_token in the answer
            Linked alice = f.connect("alice");

            for (int cycle = 1; cycle <= 20; cycle++) {
                f.clock().advance(Duration.ofMinutes(61));
                long callsBefore = f.tokenCalls();
                AccessGrant grant = f.token(0, alice.id());
                assertThat(f.tokenCalls() - callsBefore).isEqualTo(1);
                assertThat(f.providerAccepts(grant.accessToken())).isTrue();
            }
            assertThat(f.row(alice.id()).refreshToken()).as("a refresh token is stored").isPresent();
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(alice.seeded().refreshToken())
                    .isEqualTo(f.providerRefreshToken(alice).orElseThrow());
        }
    }
}
