package io.tokenvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorDiagnosisTest {

    private final ProviderCatalog catalog = ProviderCatalog.standard();

    @Test
    void googleInvalidRaptMeansReauthentication() {
        ErrorMapping mapping = google().diagnose("invalid_grant", "invalid_rapt", List.of(),
                "reauth related error (invalid_rapt)").orElseThrow();

        assertThat(mapping.reason()).isEqualTo("reauth_required");
        assertThat(mapping.explanation()).contains("re-authenticate");
        assertThat(mapping.remedy()).isNotBlank();
    }

    @Test
    void googleExpiredOrRevokedHasARemedy() {
        ErrorMapping mapping = google().diagnose("invalid_grant", null, null, "Token has been expired or revoked.")
                .orElseThrow();

        assertThat(mapping.reason()).isEqualTo("revoked_or_expired");
        assertThat(mapping.explanation()).contains("Testing", "100");
        assertThat(mapping.remedy()).contains("Re-authorize", "In production");
    }

    @Test
    void googleAdminPolicy() {
        assertThat(google().diagnose("admin_policy_enforced", null, null, null)).map(ErrorMapping::reason)
                .contains("admin_policy_enforced");
    }

    @ParameterizedTest
    @CsvSource({
        "AADSTS50076, mfa_required",
        "AADSTS50079, mfa_required",
        "AADSTS50173, password_changed",
        "AADSTS700082, inactivity_expiry",
        "AADSTS65001, consent_required",
        "AADSTS53003, conditional_access_blocked",
        "AADSTS70008, refresh_token_expired",
        "AADSTS7000222, client_secret_expired"
    })
    void microsoftCodesResolve(String code, String reason) {
        ProviderEntry microsoft = catalog.find("microsoft").orElseThrow();

        assertThat(microsoft.diagnose("invalid_grant", null, List.of(code), code + ": details"))
                .map(ErrorMapping::reason).contains(reason);
        // the code counts when it only appears in the description, as Microsoft writes it there
        assertThat(microsoft.diagnose("invalid_grant", null, null, code + ": details. Trace ID: 1f2e"))
                .map(ErrorMapping::reason).contains(reason);
    }

    @Test
    void aCodeIsMatchedWholeNotAsAPrefix() {
        ProviderEntry microsoft = catalog.find("microsoft").orElseThrow();

        // AADSTS70008 must not match AADSTS700082
        assertThat(microsoft.diagnose("invalid_grant", null, null, "AADSTS700082: The refresh token has expired due"
                + " to inactivity.")).map(ErrorMapping::reason).contains("inactivity_expiry");
        assertThat(microsoft.diagnose("invalid_grant", null, List.of("aadsts700082"), null))
                .map(ErrorMapping::reason).contains("inactivity_expiry");
    }

    @Test
    void theMostSpecificRuleWins() {
        ProviderEntry salesforce = catalog.find("salesforce").orElseThrow();

        assertThat(salesforce.diagnose("invalid_grant", null, null, "inactive user")).map(ErrorMapping::reason)
                .contains("user_inactive");
        assertThat(salesforce.diagnose("invalid_grant", null, null, "expired access/refresh token"))
                .map(ErrorMapping::reason).contains("revoked_or_expired");
        // no Salesforce rule for a bare invalid_grant: the catalog-wide one answers
        assertThat(salesforce.diagnose("invalid_grant", null, null, "something else")).map(ErrorMapping::reason)
                .contains("revoked_or_expired");
    }

    @ParameterizedTest
    @CsvSource({
        "slack, token_revoked, , revoked",
        "slack, invalid_refresh_token, , revoked_or_expired",
        "box, invalid_grant, Refresh token has expired, refresh_token_expired",
        "box, invalid_grant, Invalid refresh token, revoked_or_expired",
        "atlassian, unauthorized_client, refresh_token is invalid, revoked_or_expired",
        "atlassian, invalid_grant, Unknown or invalid refresh token., revoked_or_expired",
        "dropbox, invalid_grant, , revoked_or_expired",
        "github, bad_refresh_token, , revoked_or_expired",
        "hubspot, BAD_REFRESH_TOKEN, missing or unknown refresh token, revoked_or_expired",
        "github, invalid_client, , client_authentication_failed",
        "oauth2, invalid_grant, The refresh token was revoked, revoked",
        "oidc, interaction_required, , reauth_required"
    })
    void providerErrorsResolve(String provider, String error, String description, String reason) {
        assertThat(catalog.find(provider).orElseThrow().diagnose(error, null, null, description))
                .map(ErrorMapping::reason).contains(reason);
    }

    @Test
    void nothingMatchesAnUnknownError() {
        assertThat(google().diagnose("temporarily_unavailable", null, null, null)).isEmpty();
        assertThat(google().diagnose(null, null, null, null)).isEmpty();
    }

    private ProviderEntry google() {
        return catalog.find("google").orElseThrow();
    }
}
