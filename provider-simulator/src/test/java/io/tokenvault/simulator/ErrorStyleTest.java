package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorStyleTest {

    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z")));
    private final HttpProbe http = new HttpProbe();
    private Behaviour behaviour;
    private SeededGrant grant;

    @BeforeEach
    void client() {
        behaviour = sim.registerClient("app", "secret").behaviour();
        grant = sim.issueGrant("app", "alice", "a");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Map<String, Object> refreshError() {
        HttpResponse<String> response = http.refresh(sim, "app", "secret", grant.refreshToken());
        assertThat(response.statusCode()).isEqualTo(400);
        return json(response);
    }

    @Test
    void googleInvalidRaptCarriesTheSubtype() {
        behaviour.errorStyle(ErrorStyle.GOOGLE);
        sim.forceGrantError(grant.grantId(), Refusal.REAUTH_REQUIRED);

        assertThat(refreshError()).containsEntry("error", "invalid_grant")
                .containsEntry("error_description", "reauth related error (invalid_rapt)")
                .containsEntry("error_subtype", "invalid_rapt");
    }

    @Test
    void aForcedGoogleSubtypeIsSentAsGiven() {
        sim.forceGrantError(grant.grantId(), ProviderError.google("mfa_required"));

        assertThat(refreshError()).containsEntry("error_subtype", "mfa_required")
                .containsEntry("error_description", "Token has been expired or revoked.");
        assertThat(sim.isGrantAlive(grant.grantId())).as("a forced error does not revoke").isTrue();

        sim.clearGrantError(grant.grantId());
        assertThat(http.refresh(sim, "app", "secret", grant.refreshToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void microsoftMfaRequiredHasAadstsCodesSuberrorAndClaims() {
        behaviour.errorStyle(ErrorStyle.MICROSOFT);
        sim.forceGrantError(grant.grantId(), Refusal.MFA_REQUIRED);

        Map<String, Object> body = refreshError();

        assertThat(body).containsEntry("error", "invalid_grant").containsEntry("suberror", "basic_action")
                .containsEntry("error_uri", "https://login.microsoftonline.com/error?code=50076")
                .containsKeys("trace_id", "correlation_id", "timestamp", "claims");
        assertThat(body.get("error_description").toString()).startsWith("AADSTS50076: Due to a configuration change")
                .contains("Trace ID:");
        assertThat(body.get("error_codes")).isEqualTo(List.of(50076L));
    }

    @Test
    void forcedMicrosoftCodes() {
        for (int code : new int[] {65001, 50173, 700082}) {
            sim.forceGrantError(grant.grantId(), ProviderError.microsoft(code));
            assertThat(refreshError().get("error_description").toString()).startsWith("AADSTS" + code + ":");
        }
    }

    @Test
    void microsoftConsentRequiredIs65001() {
        behaviour.errorStyle(ErrorStyle.MICROSOFT);
        sim.forceGrantError(grant.grantId(), Refusal.CONSENT_REQUIRED);

        assertThat(refreshError()).containsEntry("suberror", "consent_required");
    }

    @Test
    void passwordChangedIsDiagnosableForMicrosoftAndPlainForGoogle() {
        sim.registerClient("g", "secret").behaviour().errorStyle(ErrorStyle.GOOGLE);
        SeededGrant googleGrant = sim.issueGrant("g", "alice", "a");
        behaviour.errorStyle(ErrorStyle.MICROSOFT);

        assertThat(sim.passwordChanged("alice")).isEqualTo(2);

        assertThat(refreshError().get("error_description").toString()).startsWith("AADSTS50173:").contains("password");
        assertThat(json(http.refresh(sim, "g", "secret", googleGrant.refreshToken())))
                .containsEntry("error_description", "Token has been expired or revoked.")
                .doesNotContainKey("error_subtype");
    }

    @Test
    void passwordChangedWithAnExplicitError() {
        sim.passwordChanged("alice", ProviderError.google("password_changed"));

        assertThat(refreshError()).containsEntry("error_subtype", "password_changed");
    }

    @Test
    void genericStyleIsPlainRfc6749() {
        sim.revokeGrant(grant.grantId());

        assertThat(refreshError()).containsOnlyKeys("error", "error_description").containsEntry("error", "invalid_grant");
    }
}
