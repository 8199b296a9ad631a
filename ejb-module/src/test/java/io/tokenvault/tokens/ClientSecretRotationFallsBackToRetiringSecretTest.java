package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import io.tokenvault.tokens.boundary.ProviderRefusedException;
import io.tokenvault.tokens.control.AccessGrant;
import io.tokenvault.tokens.control.TokenRow;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "The Client Secret Problem": "All existing refresh attempts with old secret fail … Zero-downtime
 * rotation is complex". During a rollover the app holds an ACTIVE and a RETIRING secret; while the provider does not
 * (or no longer) accept one, the other is tried. A refused app is the app's problem, never the user's grant.
 */
class ClientSecretRotationFallsBackToRetiringSecretTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void theRetiringSecretIsUsedWhileTheProviderRefusesTheActiveOne(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).withRetiringSecret().start()) {
            f.behaviour().errorStyle(ErrorStyle.MICROSOFT); // AADSTS7000215 invalid_client
            f.sim().client(EngineFixture.CLIENT_ID).removeSecret(f.activeSecret()).addSecret(f.retiringSecret());
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));

            AccessGrant grant = f.token(0, alice.id());

            assertThat(f.providerAccepts(grant.accessToken())).isTrue();
            assertThat(f.tokenCalls()).as("refused with the active secret, then the retiring one").isEqualTo(2);
            TokenRow row = f.row(alice.id());
            assertThat(row.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(row.grantCredentialId()).as("the credential that minted the tokens")
                    .isEqualTo(f.app().fallback().orElseThrow().id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void noAcceptedSecretIsTheAppsProblemAndLeavesTheConnectionActive(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).withRetiringSecret().start()) {
            f.sim().client(EngineFixture.CLIENT_ID).removeSecret(f.activeSecret()); // revoked after a leak
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));

            Outcome refused = f.attempt(0, alice.id(), null, null);

            assertThat(refused.failure()).isInstanceOfSatisfying(ProviderRefusedException.class,
                    e -> assertThat(e.getMessage()).contains("client"));
            assertThat(f.tokenCalls()).isEqualTo(2);
            TokenRow row = f.row(alice.id());
            assertThat(row.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(row.leaseOwner()).as("the lease was given back").isNull();
            assertThat(f.sim().isGrantAlive(alice.grantId())).isTrue();

            f.sim().client(EngineFixture.CLIENT_ID).addSecret(f.activeSecret()); // the admin fixes the app
            assertThat(f.providerAccepts(f.token(0, alice.id()).accessToken())).isTrue();
            assertThat(f.tokenCalls()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void withoutARetiringSecretTheRefusalComesAfterOneCall(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.sim().client(EngineFixture.CLIENT_ID).removeSecret(f.activeSecret()).addSecret("some-other-secret");
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofMinutes(61));

            assertThat(f.attempt(0, alice.id(), null, null).failure()).isInstanceOf(ProviderRefusedException.class);
            assertThat(f.tokenCalls()).isEqualTo(1);
            assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
        }
    }
}
