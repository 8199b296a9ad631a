package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.simulator.InjectedFailure;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.control.TokenRefresher;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Token Storage Security vs Availability": "Never log refresh tokens". Every test of this package
 * already fails when a log line or an exception message shows a token the provider issued or a client secret (see
 * {@link EngineFixture#close()}); this one walks every path of the engine at log level ALL in one go, and shows that
 * the check does catch a leak.
 */
class RefreshTokensNeverReachTheLogsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void everyPathOfTheEngineLogsMetadataOnly(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).withRetiringSecret().readTimeout(Duration.ofSeconds(2))
                .breaker(100, Duration.ofSeconds(30)).start()) {
            f.behaviour().errorStyle(ErrorStyle.MICROSOFT).rotateRefreshTokens(true)
                    .reuseGracePeriod(Duration.ofMinutes(2));
            f.sim().client(EngineFixture.CLIENT_ID).addSecret(f.retiringSecret());
            Linked alice = f.connect("alice");
            Linked bob = f.connect("bob");
            Linked carol = f.connect("carol");

            for (int i = 0; i < 3; i++) { // refreshes on both nodes, with waits on the other node's lease
                f.clock().advance(Duration.ofMinutes(61));
                Crowd.once(4, n -> f.attempt(n % 2, alice.id(), null, null));
            }
            String current = f.token(0, alice.id()).accessToken();
            String next = f.rejected(0, alice.id(), current).accessToken(); // lazy refresh
            f.attempt(1, alice.id(), null, next); // rejected again

            f.clock().advance(Duration.ofMinutes(61));
            f.behaviour().failNext(1, 500).failNext(1, 503).rateLimitNext(1, Duration.ofSeconds(5));
            f.attempt(0, alice.id(), null, null); // 500, 503, then a 429
            f.clock().advance(Duration.ofSeconds(5));
            f.behaviour().enqueue(InjectedFailure.timeoutAfterProcessing(Duration.ofSeconds(30)));
            f.attempt(0, alice.id(), null, null); // a lost answer, replayed within the grace period
            f.clock().advance(Duration.ofMinutes(61));
            f.behaviour().timeoutNext(1, Duration.ofSeconds(30));
            f.attempt(1, alice.id(), null, null); // a timeout the provider never served

            f.sim().client(EngineFixture.CLIENT_ID).removeSecret(f.activeSecret());
            f.clock().advance(Duration.ofMinutes(61));
            f.attempt(0, alice.id(), null, null); // the retiring secret steps in
            f.sim().client(EngineFixture.CLIENT_ID).removeSecret(f.retiringSecret());
            f.clock().advance(Duration.ofMinutes(61));
            f.attempt(0, alice.id(), null, null); // no secret accepted: the app is refused
            f.sim().client(EngineFixture.CLIENT_ID).addSecret(f.activeSecret());

            f.sim().passwordChanged("bob");
            f.attempt(1, bob.id(), null, null); // dead grant, diagnosed
            f.attempt(0, bob.id(), null, null);
            TokenRefresher.Disconnected disconnected = f.node(0).disconnect(EngineFixture.TENANT, carol.id());
            assertThat(disconnected.revokedAtProvider()).isTrue();
            f.attempt(0, carol.id(), null, null); // no such connection any more

            assertThat(f.logged()).as("the engine did log").isNotEmpty()
                    .anySatisfy(line -> assertThat(line).contains("needs re-authorization"))
                    .anySatisfy(line -> assertThat(line).contains("failed transiently"))
                    .anySatisfy(line -> assertThat(line).contains("Refreshed connection")); // FINE: all levels seen
            f.assertNoSecretsLeaked();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aLeakedTokenIsCaught(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            Linked alice = f.connect("alice");
            String refreshToken = alice.seeded().refreshToken();

            Logger.getLogger(TokenRefresher.class.getName()).log(Level.FINEST, "spent {0}", refreshToken);
            assertThatThrownBy(f::assertNoSecretsLeaked).isInstanceOf(AssertionError.class);
            f.forgetCapturedLogs();

            f.noteFailure(new IllegalStateException("secret " + f.activeSecret()));
            assertThatThrownBy(f::assertNoSecretsLeaked).isInstanceOf(AssertionError.class);
            f.forgetCapturedLogs();
        }
    }
}
