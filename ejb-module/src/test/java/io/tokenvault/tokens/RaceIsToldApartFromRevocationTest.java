package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.control.AccessGrant;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report: "Refresh token request failed: invalid_grant" is not always a dead grant. When another node rotated
 * the refresh token first, the provider refuses the old one with the same invalid_grant a revocation gets; marking the
 * connection NEEDS_REAUTH then would disconnect a user whose grant is fine.
 */
class RaceIsToldApartFromRevocationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void invalidGrantBecauseAnotherNodeRotatedFirstServesTheNewToken(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            f.behaviour().rotateRefreshTokens(true); // a spent refresh token gets invalid_grant
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));
            AtomicReference<AccessGrant> fromB = new AtomicReference<>();
            // node a claimed the lease and then stalled (a long GC pause) past it; node b took over and rotated
            f.database(0).onceAfter(WatchedDataSource.CLAIM_LEASE, () -> {
                f.clock().advance(Duration.ofSeconds(31));
                fromB.set(f.token(1, alice.id()));
            });

            AccessGrant fromA = f.token(0, alice.id()); // a wakes up and refreshes with the token b already spent

            assertThat(fromB.get()).as("node b refreshed during node a's stall").isNotNull();
            assertThat(f.tokenCalls()).as("b's refresh and a's refused one").isEqualTo(2);
            assertThat(f.sim().counters().refreshFailures()).as("a's refresh was refused").isEqualTo(1);
            assertThat(fromA.accessToken()).isEqualTo(fromB.get().accessToken());
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            assertThat(f.providerAccepts(fromA.accessToken())).isTrue();
        }
    }
}
