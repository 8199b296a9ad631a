package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The storage race of the field report across servers: sync workers of one connection spread over several nodes that
 * share one database. In-JVM single flight does not help here; the versioned lease must let exactly one node call the
 * provider while the others wait for its answer.
 */
class TwoNodesSharingOneDatabaseTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void fiftyCallersOnTwoNodesCauseOneRefresh(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));

            List<Outcome> outcomes = Crowd.once(50, i -> f.attempt(i % 2, alice.id(), null, null));

            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            assertThat(outcomes).extracting(o -> o.grant().accessToken()).containsOnly(
                    outcomes.get(0).grant().accessToken());
            assertThat(f.tokenCalls()).as("token endpoint calls").isEqualTo(1);
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aThousandCyclesOfConcurrentCallersOnTwoNodesNeverBreakARotatingGrant(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).leasePoll(Duration.ofMillis(5)).start();
                Crowd crowd = new Crowd(6)) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");

            for (int cycle = 1; cycle <= 1_000; cycle++) {
                f.clock().advance(Duration.ofMinutes(61));
                long callsBefore = f.tokenCalls();

                List<Outcome> outcomes = crowd.call(i -> f.attempt(i % 2, alice.id(), null, null));

                int c = cycle;
                assertThat(outcomes).as("cycle %d", c).allSatisfy(o -> assertThat(o.failure()).isNull());
                assertThat(outcomes).extracting(o -> o.grant().accessToken()).as("cycle %d", c)
                        .containsOnly(outcomes.get(0).grant().accessToken());
                assertThat(f.tokenCalls() - callsBefore).as("token calls in cycle %d", c).isEqualTo(1);
                assertThat(f.sim().isGrantAlive(alice.grantId())).as("grant alive after cycle %d", c).isTrue();
            }
            assertThat(f.storedRefreshToken(alice.id())).isEqualTo(f.providerRefreshToken(alice).orElseThrow());
            assertThat(f.providerAccepts(f.token(1, alice.id()).accessToken())).isTrue();
        }
    }
}
