package io.tokenvault.tokens.control;

import io.tokenvault.oauth.control.TokenResponseOutcome.Rejected;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a provider's refusal of a refresh ({@code invalid_grant} and its relatives) into a {@link Diagnosis}, from
 * the provider's error code or subtype (Google {@code error_subtype}, Microsoft AADSTS codes and {@code suberror}),
 * the grant's age against known lifetimes, and whether our own previous attempt may have spent the token.
 */
public final class GrantDiagnosis {

    /** Google "Testing" apps' refresh tokens expire seven days after consent. */
    static final Duration GOOGLE_TESTING_LIFETIME = Duration.ofDays(7);

    private static final String REAUTHORIZE = "Send the user a re-authorization link; the connection works again as"
            + " soon as they consent.";

    private static final Map<String, Diagnosis> AADSTS = Map.ofEntries(
            Map.entry("AADSTS50076", new Diagnosis("mfa_required",
                    "Microsoft Entra ID requires multi-factor authentication (a Conditional Access policy)",
                    "Ask the user to sign in again with MFA through the re-authorization link.")),
            Map.entry("AADSTS50079", new Diagnosis("mfa_required",
                    "Microsoft Entra ID requires the user to register for multi-factor authentication",
                    "Ask the user to complete MFA registration and re-authorize.")),
            Map.entry("AADSTS50158", new Diagnosis("mfa_required",
                    "An external security challenge (Conditional Access) was not satisfied",
                    "Ask the user to re-authorize and complete the challenge.")),
            Map.entry("AADSTS53003", new Diagnosis("conditional_access_blocked",
                    "A Conditional Access policy blocks this app for the user",
                    "The customer's Entra ID admin must allow the app; then re-authorize.")),
            Map.entry("AADSTS50173", new Diagnosis("password_changed",
                    "The user's password changed (or an admin reset it), which revoked the grant",
                    REAUTHORIZE)),
            Map.entry("AADSTS50133", new Diagnosis("password_changed",
                    "The session is invalid because the user's password expired or changed", REAUTHORIZE)),
            Map.entry("AADSTS700082", new Diagnosis("inactivity_expiry",
                    "The refresh token expired after 90 days of inactivity", REAUTHORIZE)),
            Map.entry("AADSTS700084", new Diagnosis("refresh_token_expired",
                    "The refresh token (issued to a single-page app) reached its maximum lifetime", REAUTHORIZE)),
            Map.entry("AADSTS70008", new Diagnosis("refresh_token_expired",
                    "The refresh token or authorization code expired", REAUTHORIZE)),
            Map.entry("AADSTS65001", new Diagnosis("consent_required",
                    "The user or an administrator has not consented to the app (or withdrew consent)",
                    "Re-authorize; if the tenant requires admin consent, ask the customer's admin to grant it.")),
            Map.entry("AADSTS50057", new Diagnosis("account_disabled",
                    "The user account is disabled", "The customer must re-enable the account, then re-authorize.")),
            Map.entry("AADSTS700016", new Diagnosis("app_not_found",
                    "The application was not found in the customer's directory (removed by an admin?)",
                    "Ask the customer's admin to re-add the app, then re-authorize.")));

    private GrantDiagnosis() {
    }

    /**
     * A stored diagnosis (reason code and explanation, as the connection row keeps them) with its remedy. Every remedy
     * follows from the reason code.
     */
    public static Diagnosis describe(String reason, String explanation) {
        String code = reason == null ? "unknown" : reason;
        String remedy = AADSTS.values().stream().filter(d -> d.reason().equals(code)).map(Diagnosis::remedy)
                .findFirst().orElse(switch (code) {
                    case "testing_app_expiry" ->
                        "Publish the Google app (OAuth consent screen → In production), then re-authorize.";
                    case "admin_policy_enforced" -> "The customer's admin must allow the app; then re-authorize.";
                    case "no_refresh_token" -> "Re-authorize with offline access (the provider issued no refresh"
                            + " token).";
                    default -> REAUTHORIZE;
                });
        return new Diagnosis(code, explanation == null ? code : explanation, remedy);
    }

    /**
     * What is known about a dead grant beyond the provider's answer.
     *
     * @param grantIssued         when the user consented
     * @param lastRefreshed       the last successful refresh
     * @param inDoubt             our previous attempt may have spent this refresh token without storing the answer
     * @param provider            the provider's catalog entry
     * @param grantOrdinal        which consent of this user to this app produced the grant (1 = first)
     * @param consents            how many consents this user has given this app in all
     * @param mintedByRetiredSecret the client secret that minted the grant has been retired by an admin since
     */
    public record GrantFacts(Optional<Instant> grantIssued, Optional<Instant> lastRefreshed, boolean inDoubt,
            Optional<io.tokenvault.catalog.ProviderEntry> provider, java.util.OptionalInt grantOrdinal, int consents,
            boolean mintedByRetiredSecret) {
    }

    /** Reasons that only say "dead" without saying why: a more specific diagnosis is preferred to them. */
    private static final java.util.Set<String> GENERIC = java.util.Set.of("revoked", "refresh_token_expired",
            "invalid_grant", "revoked_or_expired");

    /**
     * Diagnoses with everything known about the grant (see {@link GrantFacts}), most specific first: a refresh that
     * may have been spent, a Testing-app expiry, an evicted grant, the provider's codes and subtypes, the provider's
     * catalog rules, a retired client secret, and only then a plain revocation or expiry.
     */
    public static Diagnosis of(Rejected refusal, GrantFacts facts, Instant now) {
        if (facts.inDoubt()) {
            return of(refusal, facts.grantIssued(), true, now);
        }
        Optional<io.tokenvault.catalog.ProviderEntry> entry = facts.provider();
        boolean genericProvider = entry.isEmpty() || entry.get().endpointsGiven() || entry.get().discovery();
        Optional<Duration> testingLifetime = entry
                .flatMap(io.tokenvault.catalog.ProviderEntry::testingAppRefreshTokenLifetime)
                .or(() -> genericProvider ? Optional.of(GOOGLE_TESTING_LIFETIME) : Optional.empty());
        String description = refusal.description().orElse("").toLowerCase(Locale.ROOT);
        boolean unexplained = refusal.subtype().isEmpty() && refusal.providerCodes().isEmpty();
        if (testingLifetime.isPresent() && facts.grantIssued().isPresent() && unexplained
                && description.contains("expired or revoked")) {
            Instant cutoff = facts.grantIssued().get().plus(testingLifetime.get());
            boolean neverRefreshedPastCutoff = facts.lastRefreshed().map(last -> last.isBefore(cutoff)).orElse(true);
            if (!now.isBefore(cutoff) && neverRefreshedPastCutoff) {
                long days = Duration.between(facts.grantIssued().get(), now).toDays();
                return new Diagnosis("testing_app_expiry", "The grant is " + days + " days old and was never refreshed"
                        + " past day " + testingLifetime.get().toDays() + ": Google expires refresh tokens of apps in"
                        + " \"Testing\" publishing status after " + testingLifetime.get().toDays() + " days",
                        "Publish the app (OAuth consent screen → In production), then re-authorize.");
            }
        }
        if (entry.isPresent() && entry.get().grantLimitPerUser().isPresent() && facts.grantOrdinal().isPresent()) {
            int limit = entry.get().grantLimitPerUser().getAsInt();
            int newer = facts.consents() - facts.grantOrdinal().getAsInt();
            if (newer >= limit) {
                return new Diagnosis("grant_evicted", "The user consented to this app " + newer + " more times after"
                        + " this grant; " + entry.get().displayName() + " keeps at most " + limit + " grants per user"
                        + " and app and dropped this one", "Re-authorize; avoid sending users through consent again"
                        + " while their connection works.");
            }
        }
        Diagnosis basic = of(refusal, Optional.empty(), false, now);
        if (!GENERIC.contains(basic.reason())) {
            return basic;
        }
        if (entry.isPresent()) {
            Optional<io.tokenvault.catalog.ErrorMapping> known = entry.get().diagnose(refusal.error(),
                    refusal.subtype().orElse(null), refusal.providerCodes(), refusal.description().orElse(null));
            if (known.isPresent() && !GENERIC.contains(known.get().reason())) {
                return new Diagnosis(known.get().reason(), known.get().explanation(), known.get().remedy());
            }
        }
        if (facts.mintedByRetiredSecret()) {
            return new Diagnosis("client_secret_retired", "The client secret that obtained this grant was retired"
                    + " and the provider no longer honours grants issued under it", REAUTHORIZE);
        }
        return basic;
    }

    /**
     * @param refusal      what the provider answered
     * @param grantIssued  when the user consented (if known)
     * @param inDoubt      our previous attempt may have spent this refresh token without storing the answer
     * @param now          the engine's clock
     */
    public static Diagnosis of(Rejected refusal, Optional<Instant> grantIssued, boolean inDoubt, Instant now) {
        if (inDoubt) {
            return new Diagnosis("refresh_response_lost",
                    "A refresh was sent but its answer was lost (timeout or crash) and the provider does not honour"
                            + " the refresh token again",
                    REAUTHORIZE);
        }
        for (String code : refusal.providerCodes()) {
            Diagnosis known = AADSTS.get(code.toUpperCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        String subtype = refusal.subtype().orElse("").toLowerCase(Locale.ROOT);
        switch (subtype) {
            case "invalid_rapt":
                return new Diagnosis("reauth_required",
                        "Google requires the user to re-authenticate (Workspace session control, invalid_rapt)",
                        REAUTHORIZE);
            case "mfa_required", "basic_action":
                return new Diagnosis("mfa_required", "The provider requires the user to sign in again (MFA)",
                        REAUTHORIZE);
            case "consent_required":
                return new Diagnosis("consent_required", "The provider requires new consent", REAUTHORIZE);
            case "password_changed":
                return new Diagnosis("password_changed", "The user's password changed, which revoked the grant",
                        REAUTHORIZE);
            default:
                break;
        }
        if ("admin_policy_enforced".equals(refusal.error())) {
            return new Diagnosis("admin_policy_enforced",
                    "An administrator's policy blocks this app for the user",
                    "The customer's admin must allow the app; then re-authorize.");
        }
        String description = refusal.description().orElse("").toLowerCase(Locale.ROOT);
        if (grantIssued.isPresent()) {
            Duration age = Duration.between(grantIssued.get(), now);
            boolean aroundTestingExpiry = age.compareTo(GOOGLE_TESTING_LIFETIME) >= 0
                    && age.compareTo(GOOGLE_TESTING_LIFETIME.plusDays(1)) < 0;
            if (aroundTestingExpiry && description.contains("expired or revoked")) {
                return new Diagnosis("testing_app_expiry",
                        "The grant is " + age.toDays() + " days old: Google expires refresh tokens of apps in"
                                + " \"Testing\" publishing status after 7 days",
                        "Publish the Google app (OAuth consent screen → In production), then re-authorize.");
            }
        }
        if (description.contains("revoked")) {
            return new Diagnosis("revoked",
                    "The grant was revoked (by the user, an administrator, or the provider's security systems)",
                    REAUTHORIZE);
        }
        if (description.contains("expired")) {
            return new Diagnosis("refresh_token_expired", "The refresh token expired", REAUTHORIZE);
        }
        return new Diagnosis("invalid_grant", "The provider no longer accepts the grant (invalid_grant"
                + refusal.description().map(d -> ": " + truncate(d)).orElse("") + ")", REAUTHORIZE);
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
