package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.simulator.AccessTokenFormat;
import io.tokenvault.simulator.Behaviour;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.control.AccessGrant;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "The Early Expiration Problem": expires_in counts from when the provider issued the token, which may
 * be minutes before its answer, and the provider's clock may be off. Whatever expiry the engine believes, the provider
 * must still accept the token at that instant; otherwise the engine hands out tokens the provider already considers
 * dead. The oracle is the provider's own protected resource, asked at the last instant the engine would serve the
 * token.
 */
class ExpiresInCountsFromIssuanceAndProviderClockSkewTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aJwtIssuedTenMinutesBeforeTheAnswerIsRefreshedBeforeItsRealExpiry(String kind) {
        assertNeverServedPastTheProvidersExpiry(kind, b -> b.accessTokenFormat(AccessTokenFormat.JWT)
                .issuedBeforeResponse(Duration.ofMinutes(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aProviderClockFiveMinutesAheadDoesNotStretchTheExpiry(String kind) {
        assertNeverServedPastTheProvidersExpiry(kind, b -> b.accessTokenFormat(AccessTokenFormat.JWT)
                .clockSkew(Duration.ofMinutes(5)).issuedBeforeResponse(Duration.ofMinutes(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aProviderClockFiveMinutesBehindDoesNotStretchTheExpiry(String kind) {
        assertNeverServedPastTheProvidersExpiry(kind, b -> b.accessTokenFormat(AccessTokenFormat.JWT)
                .clockSkew(Duration.ofMinutes(-5)).issuedBeforeResponse(Duration.ofMinutes(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void anOpaqueTokenMintedMomentsBeforeTheAnswerIsCoveredByTheSkewMargin(String kind) {
        assertNeverServedPastTheProvidersExpiry(kind, b -> b.issuedBeforeResponse(Duration.ofSeconds(20)));
    }

    private static void assertNeverServedPastTheProvidersExpiry(String kind, Consumer<Behaviour> provider) {
        try (EngineFixture f = EngineFixture.on(kind).start()) { // skew margin 30 s, as the server wires it
            provider.accept(f.behaviour());
            Linked alice = f.connectWithoutAccessToken("alice");

            for (int cycle = 1; cycle <= 5; cycle++) {
                long callsBefore = f.tokenCalls();
                AccessGrant grant = f.token(0, alice.id());
                assertThat(f.tokenCalls() - callsBefore).as("cycle %d refreshed", cycle).isEqualTo(1);

                // the last instant the engine still serves this token, to a caller content with any validity at all
                f.clock().set(grant.expiresAt());
                assertThat(f.token(0, alice.id(), Duration.ZERO).accessToken()).isEqualTo(grant.accessToken());
                assertThat(f.providerAccepts(grant.accessToken()))
                        .as("cycle %d: the provider accepts the token at the expiry the engine stored", cycle).isTrue();

                f.clock().advance(Duration.ofSeconds(1));
            }
        }
    }
}
