package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.control.AccessGrant;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Preemptive Refresh" and "Lazy vs Eager Refresh": refresh when less than ten minutes remain (at most
 * half a short token's life), honour a caller's own minimum validity, and serve a cached valid token without any I/O.
 * The skew margin is zero here so that the arithmetic is the policy's alone.
 */
class PreemptiveRefreshWithTenMinuteBufferTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void refreshesOnlyWhenLessThanTenMinutesRemain(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).skewMargin(Duration.ZERO).start()) {
            Linked alice = f.connect("alice"); // a one-hour access token issued just now
            String initial = alice.seeded().accessToken();

            assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(initial);
            f.clock().advance(Duration.ofMinutes(45)); // 15 minutes left
            assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(initial);
            f.clock().advance(Duration.ofMinutes(5)); // 10 minutes left: not less than the buffer
            assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(initial);
            assertThat(f.tokenCalls()).isZero();

            f.clock().advance(Duration.ofMinutes(1)); // 9 minutes left
            AccessGrant refreshed = f.token(0, alice.id());

            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(refreshed.accessToken()).isNotEqualTo(initial);
            assertThat(refreshed.expiresAt()).isEqualTo(f.clock().instant().plus(Duration.ofHours(1)));
            assertThat(f.providerAccepts(initial)).as("the old token was still good when it was replaced").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aShortLivedTokenIsRefreshedAtHalfItsLife(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).skewMargin(Duration.ZERO).start()) {
            f.behaviour().accessTokenLifetime(Duration.ofMinutes(10));
            Linked alice = f.connect("alice");

            f.clock().advance(Duration.ofMinutes(4)); // 6 of 10 minutes left
            f.token(0, alice.id());
            f.clock().advance(Duration.ofMinutes(1)); // 5 left: half the life
            f.token(0, alice.id());
            assertThat(f.tokenCalls()).isZero();

            f.clock().advance(Duration.ofMinutes(1)); // 4 left
            AccessGrant refreshed = f.token(0, alice.id());
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(refreshed.accessToken()).isNotEqualTo(alice.seeded().accessToken());

            f.clock().advance(Duration.ofMinutes(5)); // the new token is at half its life again
            f.token(0, alice.id());
            assertThat(f.tokenCalls()).isEqualTo(1);
            f.clock().advance(Duration.ofSeconds(1));
            f.token(0, alice.id());
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aCallersMinimumValidityOverridesTheBuffer(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).skewMargin(Duration.ZERO).start()) {
            Linked alice = f.connect("alice");

            f.clock().advance(Duration.ofMinutes(30)); // 30 minutes left: enough for the default buffer
            assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(alice.seeded().accessToken());
            assertThat(f.tokenCalls()).isZero();
            AccessGrant forLongJob = f.token(0, alice.id(), Duration.ofMinutes(45)); // a 45-minute job
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(forLongJob.expiresAt()).isAfterOrEqualTo(f.clock().instant().plus(Duration.ofMinutes(45)));
            f.token(0, alice.id(), Duration.ofMinutes(45));
            assertThat(f.tokenCalls()).isEqualTo(1);

            f.clock().advance(Duration.ofMinutes(55)); // 5 minutes left
            assertThat(f.token(0, alice.id(), Duration.ZERO).accessToken()).isEqualTo(forLongJob.accessToken());
            assertThat(f.token(0, alice.id(), Duration.ofMinutes(5)).accessToken())
                    .isEqualTo(forLongJob.accessToken());
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(f.token(0, alice.id()).accessToken()).isNotEqualTo(forLongJob.accessToken());
            assertThat(f.tokenCalls()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aCachedValidTokenIsServedWithoutProviderOrDatabase(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            Linked alice = f.connect("alice");
            f.token(0, alice.id()); // a first read fills the node's cache (and loads the tenant's keys)
            long opened = f.database(0).connectionsOpened();

            for (int i = 0; i < 1_000; i++) {
                assertThat(f.token(0, alice.id()).accessToken()).isEqualTo(alice.seeded().accessToken());
            }

            assertThat(f.tokenCalls()).isZero();
            assertThat(f.database(0).connectionsOpened() - opened).as("database connections opened").isZero();
            assertThat(f.database(1).connectionsOpened()).as("the other node was never asked").isZero();
        }
    }
}
