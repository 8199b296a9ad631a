package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.catalog.ProviderCatalog;
import io.tokenvault.oauth.control.TokenResponseOutcome.Rejected;
import io.tokenvault.tokens.control.GrantDiagnosis;
import io.tokenvault.tokens.control.GrantDiagnosis.GrantFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The diagnoses that need more than the provider's answer: catalog facts, the consent ledger, admin actions. */
class GrantDiagnosisTest {

    static final ProviderCatalog CATALOG = ProviderCatalog.standard();
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Rejected GOOGLE_EXPIRED_OR_REVOKED = new Rejected("invalid_grant",
            Optional.of("Token has been expired or revoked."), Optional.empty(), List.of(), 400);

    private static GrantFacts facts(String provider, Instant issued, Instant lastRefreshed, Integer ordinal,
            int consents, boolean retired) {
        return new GrantFacts(Optional.ofNullable(issued), Optional.ofNullable(lastRefreshed), false,
                CATALOG.find(provider), ordinal == null ? OptionalInt.empty() : OptionalInt.of(ordinal), consents,
                retired);
    }

    @Test
    void googleTestingExpiryIsInferredFromTheRefreshHistoryNotJustTheAge() {
        Instant consent = NOW.minus(Duration.ofDays(9));
        // idle since day 3, failing on day 9: the 7-day Testing expiry, even two days late
        assertThat(GrantDiagnosis.of(GOOGLE_EXPIRED_OR_REVOKED,
                facts("google", consent, consent.plus(Duration.ofDays(3)), 1, 1, false), NOW).reason())
                .isEqualTo("testing_app_expiry");
        // refreshed fine on day 8: a published app; this is a revocation
        assertThat(GrantDiagnosis.of(GOOGLE_EXPIRED_OR_REVOKED,
                facts("google", consent, consent.plus(Duration.ofDays(8)), 1, 1, false), NOW).reason())
                .isNotEqualTo("testing_app_expiry");
        // day 5: too young for the Testing expiry
        assertThat(GrantDiagnosis.of(GOOGLE_EXPIRED_OR_REVOKED,
                facts("google", NOW.minus(Duration.ofDays(5)), null, 1, 1, false), NOW).reason())
                .isNotEqualTo("testing_app_expiry");
    }

    @Test
    void aGrantPushedOutByLaterConsentsIsEvicted() {
        // Salesforce keeps 5 approvals per user and app: grant #2 of 7 consents is gone
        Rejected refused = new Rejected("invalid_grant", Optional.of("expired access/refresh token"), Optional.empty(),
                List.of(), 400);
        assertThat(GrantDiagnosis.of(refused, facts("salesforce", NOW.minus(Duration.ofDays(30)), null, 2, 7, false),
                NOW).reason()).isEqualTo("grant_evicted");
        assertThat(GrantDiagnosis.of(refused, facts("salesforce", NOW.minus(Duration.ofDays(30)), null, 6, 7, false),
                NOW).reason()).isNotEqualTo("grant_evicted");
    }

    @Test
    void providerCodesWinOverTheCatalogsGenericRules() {
        Rejected mfa = new Rejected("invalid_grant", Optional.of("AADSTS50076: Due to a configuration change"),
                Optional.empty(), List.of("AADSTS50076"), 400);
        assertThat(GrantDiagnosis.of(mfa, facts("microsoft", NOW.minus(Duration.ofDays(3)), null, 1, 1, false), NOW)
                .reason()).isEqualTo("mfa_required");
        Rejected rapt = new Rejected("invalid_grant", Optional.of("reauth related error (invalid_rapt)"),
                Optional.of("invalid_rapt"), List.of(), 400);
        assertThat(GrantDiagnosis.of(rapt, facts("google", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)),
                1, 1, false), NOW).reason()).isEqualTo("reauth_required");
    }

    @Test
    void aGrantMintedByARetiredSecretIsBlamedOnTheRetirement() {
        Rejected plain = new Rejected("invalid_grant", Optional.empty(), Optional.empty(), List.of(), 400);
        assertThat(GrantDiagnosis.of(plain, facts("oauth2", NOW.minus(Duration.ofDays(2)), null, null, 0, true), NOW)
                .reason()).isEqualTo("client_secret_retired");
    }

    @Test
    void everyDiagnosisCarriesAnExplanationAndARemedy() {
        var d = GrantDiagnosis.of(GOOGLE_EXPIRED_OR_REVOKED, facts("google", NOW.minus(Duration.ofDays(40)),
                NOW.minus(Duration.ofDays(1)), 1, 1, false), NOW);
        assertThat(d.explanation()).isNotBlank();
        assertThat(d.remedy()).isNotBlank();
    }
}
