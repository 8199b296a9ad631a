package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import io.tokenvault.tokens.boundary.TokenRejectedAgainException;
import io.tokenvault.tokens.control.AccessGrant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Lazy (current): API call fails with 401 → detect expiry → refresh token → retry API call" and "Token
 * refresh succeeds but still get 401 errors": a worker whose call was refused reports the token; however many workers
 * report the same one, it is refreshed once; a report of a token already replaced gets the current one; and a fresh
 * token refused again is a permission problem, which another refresh would not fix.
 */
class TokenExpiresMidOperationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void fiftyWorkersReportingTheSameRejectedTokenCauseOneRefresh(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            f.behaviour().rotateRefreshTokens(true).reuseDetection(true);
            Linked alice = f.connect("alice");
            String rejected = f.token(0, alice.id()).accessToken();
            f.token(1, alice.id());

            List<Outcome> outcomes = Crowd.once(50, i -> f.attempt(i % 2, alice.id(), null, rejected));

            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            String current = outcomes.get(0).grant().accessToken();
            assertThat(outcomes).extracting(o -> o.grant().accessToken()).containsOnly(current);
            assertThat(current).isNotEqualTo(rejected);
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();

            // late reports of the replaced token, on either node: the current token, no call
            assertThat(f.rejected(0, alice.id(), rejected).accessToken()).isEqualTo(current);
            assertThat(f.rejected(1, alice.id(), rejected).accessToken()).isEqualTo(current);
            assertThat(f.tokenCalls()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aTokenIssuedForARejectionAndRejectedAgainIsAPermissionProblem(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            Linked alice = f.connect("alice");
            String first = f.token(0, alice.id()).accessToken();
            String second = f.rejected(0, alice.id(), first).accessToken(); // 401: refreshed
            assertThat(f.tokenCalls()).isEqualTo(1);

            f.clock().advance(Duration.ofSeconds(20)); // the retried API call is refused again (a missing scope)
            assertThatThrownBy(() -> f.rejected(0, alice.id(), second)).isInstanceOf(TokenRejectedAgainException.class);
            assertThatThrownBy(() -> f.rejected(1, alice.id(), second)).isInstanceOf(TokenRejectedAgainException.class);
            assertThat(f.tokenCalls()).as("no refresh loop").isEqualTo(1);
            assertThat(f.token(0, alice.id()).accessToken()).as("plain callers still get the token").isEqualTo(second);

            f.clock().advance(Duration.ofMinutes(3)); // outside the window a rejection is an expiry again
            AccessGrant third = f.rejected(0, alice.id(), second);
            assertThat(third.accessToken()).isNotEqualTo(second);
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aTokenTheProviderRefusesEarlyIsReplacedWhenReported(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            // an opaque token minted 20 minutes before the answer: nothing tells the engine it dies early
            f.behaviour().issuedBeforeResponse(Duration.ofMinutes(20));
            Linked alice = f.connectWithoutAccessToken("alice");
            String early = f.token(0, alice.id()).accessToken();

            f.clock().advance(Duration.ofMinutes(45)); // a long job; the engine still believes in the token
            assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(early);
            assertThat(f.providerAccepts(early)).as("the provider already refuses it").isFalse();

            AccessGrant replacement = f.rejected(0, alice.id(), early);

            assertThat(f.providerAccepts(replacement.accessToken())).isTrue();
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aReportArrivingWhileAPlainReadIsUnderwayIsNotAnsweredWithTheReportedToken(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            Linked alice = f.connect("alice");
            String current = alice.seeded().accessToken();
            // ten rounds, because the last step of the race (the plain read's flight ending while the worker asks
            // again) cannot be steered from here; each round makes it likely
            for (int round = 1; round <= 10; round++) {
                String rejected = current;
                f.node(0).forget(alice.id()); // node a starts cold (a restart): nothing cached
                AtomicReference<Outcome> report = new AtomicReference<>();
                Thread worker = new Thread(() -> report.set(f.attempt(0, alice.id(), null, rejected)));
                // a plain caller reads the row; meanwhile a worker reports the token that read is about to return
                f.database(0).onceBefore(WatchedDataSource.READ_ROW, () -> {
                    worker.start();
                    awaitParked(worker); // the worker waits for the read in flight, as a follower
                });

                AccessGrant plain = f.token(0, alice.id());
                join(worker);

                assertThat(plain.accessToken()).isEqualTo(rejected);
                assertThat(report.get().failure()).as("round %d", round).isNull();
                assertThat(report.get().grant().accessToken())
                        .as("round %d: the worker must not get back the token it reported", round)
                        .isNotEqualTo(rejected);
                assertThat(f.providerAccepts(report.get().grant().accessToken())).isTrue();
                assertThat(f.tokenCalls()).isEqualTo(round);
                current = report.get().grant().accessToken();
                f.clock().advance(Duration.ofMinutes(3)); // past the window in which a new rejection means "again"
            }
        }
    }

    /** Waits until the thread blocks (here: a follower waiting for the leader's result); no time limit is asserted. */
    private static void awaitParked(Thread thread) {
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertThat(thread.getState()).isNotEqualTo(Thread.State.TERMINATED);
            Thread.onSpinWait();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(120).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).as("the worker hung").isFalse();
    }
}
