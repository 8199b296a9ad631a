package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.simulator.Refusal;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import io.tokenvault.tokens.boundary.ReauthorizationRequiredException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Consent Screen Re-prompts": Microsoft Conditional Access demands MFA, Google Workspace session
 * control demands a new sign-in (invalid_rapt), Entra ID expires idle refresh tokens after 90 days. "Provider may not
 * notify Twig that reauth needed → Just returns invalid_grant": the vault reads the provider's codes and says which.
 */
class ProviderDemandsReauthenticationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void microsoftConditionalAccessRequiresMfa(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().errorStyle(ErrorStyle.MICROSOFT);
            Linked alice = f.connect("alice");
            f.sim().forceGrantError(alice.grantId(), Refusal.MFA_REQUIRED); // AADSTS50076
            f.clock().advance(Duration.ofMinutes(61));

            assertDiagnosedAfterOneCall(f, alice, "mfa_required");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void googleWorkspaceRequiresReauthentication(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().errorStyle(ErrorStyle.GOOGLE);
            Linked alice = f.connect("alice");
            f.sim().forceGrantError(alice.grantId(), Refusal.REAUTH_REQUIRED); // error_subtype invalid_rapt
            f.clock().advance(Duration.ofMinutes(61));

            assertDiagnosedAfterOneCall(f, alice, "reauth_required");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void microsoftExpiresRefreshTokensIdleForNinetyDays(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).start()) {
            f.behaviour().errorStyle(ErrorStyle.MICROSOFT).refreshTokenIdleTimeout(Duration.ofDays(90));
            Linked alice = f.connect("alice");
            f.clock().advance(Duration.ofDays(91)); // AADSTS700082

            assertDiagnosedAfterOneCall(f, alice, "inactivity_expiry");
        }
    }

    private static void assertDiagnosedAfterOneCall(EngineFixture f, Linked alice, String reason) {
        Outcome outcome = f.attempt(0, alice.id(), null, null);

        assertThat(outcome.failure()).isInstanceOfSatisfying(ReauthorizationRequiredException.class,
                e -> assertThat(e.diagnosis().reason()).isEqualTo(reason));
        assertThat(f.row(alice.id()).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
        assertThat(f.row(alice.id()).statusReason()).isEqualTo(reason);
        assertThat(f.tokenCalls()).isEqualTo(1);
        f.attempt(0, alice.id(), null, null);
        assertThat(f.tokenCalls()).as("never retried").isEqualTo(1);
    }
}
