package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import io.tokenvault.tokens.boundary.ReauthorizationRequiredException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Consent Screen Re-prompts" and "Real-World Example": a Google app in "Testing" status gets refresh
 * tokens that die seven days after consent ("Day 7: 401 Unauthorized", "Must re-authorize every week"). Google only
 * says "Token has been expired or revoked."; the vault tells the admin why and what to do.
 */
class GoogleTestingAppExpiresRefreshTokensAfterSevenDaysTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void dayOneToSixWorkDaySevenIsDiagnosedAsTestingAppExpiry(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().errorStyle(ErrorStyle.GOOGLE).refreshTokenMaxAge(Duration.ofDays(7));
            Linked alice = f.connect("alice"); // consent now: grant_issued_at is the consent time

            for (int day = 1; day <= 6; day++) {
                f.clock().advance(Duration.ofDays(1));
                Outcome sync = f.attempt(0, alice.id(), null, null);
                assertThat(sync.failure()).as("day %d", day).isNull();
                assertThat(f.providerAccepts(sync.grant().accessToken())).isTrue();
            }
            assertThat(f.tokenCalls()).isEqualTo(6);

            f.clock().advance(Duration.ofDays(1)); // day 7
            Outcome day7 = f.attempt(0, alice.id(), null, null);

            assertThat(day7.failure()).isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                assertThat(e.diagnosis().reason()).isEqualTo("testing_app_expiry");
                assertThat(e.diagnosis().remedy()).contains("In production");
            });
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
            assertThat(f.row(alice.id()).statusReason()).isEqualTo("testing_app_expiry");
            assertThat(f.tokenCalls()).isEqualTo(7);
            f.attempt(0, alice.id(), null, null);
            assertThat(f.tokenCalls()).as("no retry").isEqualTo(7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aPublishedAppKeepsWorkingAfterTheSeventhDay(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().errorStyle(ErrorStyle.GOOGLE);
            Linked alice = f.connect("alice");

            for (int day = 1; day <= 30; day++) {
                f.clock().advance(Duration.ofDays(1));
                assertThat(f.attempt(0, alice.id(), null, null).failure()).as("day %d", day).isNull();
            }
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
        }
    }
}
