package io.tokenvault.simulator;

import java.util.Optional;

/**
 * How a provider words its OAuth error responses. Real providers answer most refusals with a
 * bare {@code invalid_grant}; the detail that tells a password change from an MFA demand sits in
 * provider-specific fields, and this is what the simulator reproduces.
 *
 * <ul>
 *   <li>{@link #GOOGLE}: {@code error} and {@code error_description} as Google writes them
 *   ({@code "Token has been expired or revoked."}, {@code "Bad Request"}); only a re-authentication
 *   demand carries {@code error_subtype: "invalid_rapt"}. Like Google, it says nothing that
 *   tells a password change or an admin revocation from a plain revocation; use
 *   {@link ProviderError#google(String)} to force another subtype.</li>
 *   <li>{@link #MICROSOFT}: Entra ID format: {@code error_description} starting with an
 *   {@code AADSTSnnnnn:} code, plus {@code error_codes}, {@code timestamp}, {@code trace_id},
 *   {@code correlation_id}, {@code error_uri}, and {@code suberror}/{@code claims} where Entra sends them.</li>
 *   <li>{@link #GENERIC}: plain RFC 6749 §5.2: {@code error} and {@code error_description} only.</li>
 * </ul>
 */
public enum ErrorStyle {
    GOOGLE, MICROSOFT, GENERIC;

    private static final String GOOGLE_REVOKED = "Token has been expired or revoked.";
    private static final String GRAPH = "00000003-0000-0000-c000-000000000000";
    private static final String MFA_CLAIMS =
            "{\"access_token\":{\"capolids\":{\"essential\":true,\"values\":[\"5b1e2f3a-0000-4000-8000-000000000001\"]}}}";

    /** The error this style sends for {@code refusal}; {@code detail} refines generic wording. */
    public ProviderError errorFor(Refusal refusal, String clientId, String detail) {
        return switch (this) {
            case GOOGLE -> google(refusal, detail);
            case MICROSOFT -> microsoft(refusal, clientId);
            case GENERIC -> generic(refusal, detail);
        };
    }

    private static ProviderError google(Refusal refusal, String detail) {
        return switch (refusal) {
            case UNKNOWN_TOKEN, CODE_EXPIRED, CODE_REDEEMED -> grant("Bad Request");
            case TOKEN_SPENT, REVOKED, ADMIN_REVOKED, PASSWORD_CHANGED, EXPIRED, EXPIRED_FOR_INACTIVITY,
                 REUSE_DETECTED, SUPERSEDED, GRANT_EVICTED, CONSENT_REQUIRED -> grant(GOOGLE_REVOKED);
            case MFA_REQUIRED, REAUTH_REQUIRED -> ProviderError.google("invalid_rapt");
            case CODE_INVALID -> grant("Malformed auth code.");
            case PKCE_MISSING -> grant("Missing code verifier.");
            case PKCE_MISMATCH -> grant("Invalid code verifier.");
            case REDIRECT_URI_MISMATCH -> ProviderError.of(400, "redirect_uri_mismatch", "Bad Request");
            case INVALID_CLIENT_SECRET -> ProviderError.of(401, "invalid_client", "Unauthorized");
            case UNKNOWN_CLIENT -> ProviderError.of(401, "invalid_client", "The OAuth client was not found.");
            case INVALID_SCOPE -> ProviderError.of(400, "invalid_scope", "Some requested scopes were invalid.");
            case UNSUPPORTED_GRANT_TYPE -> ProviderError.of(400, "unsupported_grant_type", "Invalid grant_type: " + detail);
            case INVALID_REQUEST -> ProviderError.of(400, "invalid_request", detail);
        };
    }

    private static ProviderError microsoft(Refusal refusal, String clientId) {
        int code = switch (refusal) {
            case UNKNOWN_TOKEN -> 9002313;
            case TOKEN_SPENT, REUSE_DETECTED, SUPERSEDED, GRANT_EVICTED, CODE_INVALID -> 70000;
            case REVOKED -> 50173;
            case PASSWORD_CHANGED -> 50173;
            case ADMIN_REVOKED, CONSENT_REQUIRED -> 65001;
            case EXPIRED -> 70043;
            case EXPIRED_FOR_INACTIVITY -> 700082;
            case MFA_REQUIRED -> 50076;
            case REAUTH_REQUIRED -> 50078;
            case CODE_EXPIRED -> 70008;
            case CODE_REDEEMED -> 54005;
            case PKCE_MISSING, PKCE_MISMATCH -> 501481;
            case REDIRECT_URI_MISMATCH -> 50011;
            case INVALID_CLIENT_SECRET -> 7000215;
            case UNKNOWN_CLIENT -> 700016;
            case INVALID_SCOPE -> 70011;
            case UNSUPPORTED_GRANT_TYPE -> 70003;
            case INVALID_REQUEST -> 900144;
        };
        ProviderError error = ProviderError.microsoft(code, clientId);
        if (refusal == Refusal.PASSWORD_CHANGED) {
            return error.withDescription("The provided grant has expired due to it being revoked, a fresh auth token"
                    + " is needed. The user might have changed or reset their password.");
        }
        return error;
    }

    private static ProviderError generic(Refusal refusal, String detail) {
        return switch (refusal) {
            case UNKNOWN_TOKEN -> grant("The refresh token is invalid.");
            case TOKEN_SPENT -> grant("The refresh token was already used.");
            case REVOKED -> grant("The grant was revoked.");
            case ADMIN_REVOKED -> grant("An administrator revoked access for this application.");
            case PASSWORD_CHANGED -> grant("The grant was revoked because the user changed their password.");
            case EXPIRED -> grant("The refresh token has expired.");
            case EXPIRED_FOR_INACTIVITY -> grant("The refresh token has expired due to inactivity.");
            case REUSE_DETECTED -> grant("Refresh token reuse detected; the grant was revoked.");
            case SUPERSEDED -> grant("The grant was replaced by a newer authorization.");
            case GRANT_EVICTED -> grant("The grant was evicted: too many grants for this user.");
            case MFA_REQUIRED -> grant("Multi-factor authentication is required.");
            case REAUTH_REQUIRED -> grant("The user must sign in again.");
            case CONSENT_REQUIRED -> grant("Consent is required.");
            case CODE_INVALID -> grant("The authorization code is invalid.");
            case CODE_EXPIRED -> grant("The authorization code has expired.");
            case CODE_REDEEMED -> grant("The authorization code was already used.");
            case PKCE_MISSING -> grant("The code_verifier is missing.");
            case PKCE_MISMATCH -> grant("The code_verifier does not match the code_challenge.");
            case REDIRECT_URI_MISMATCH -> grant("The redirect_uri does not match the authorization request.");
            case INVALID_CLIENT_SECRET -> ProviderError.of(401, "invalid_client", "Client authentication failed.");
            case UNKNOWN_CLIENT -> ProviderError.of(401, "invalid_client", "Unknown client.");
            case INVALID_SCOPE -> ProviderError.of(400, "invalid_scope", "The requested scope exceeds the grant.");
            case UNSUPPORTED_GRANT_TYPE -> ProviderError.of(400, "unsupported_grant_type", "Unsupported grant_type: " + detail);
            case INVALID_REQUEST -> ProviderError.of(400, "invalid_request", detail);
        };
    }

    private static ProviderError grant(String description) {
        return ProviderError.of(400, "invalid_grant", description);
    }

    /** Entra ID wording of the AADSTS codes the simulator knows. */
    static Optional<MicrosoftCode> microsoftCode(int code) {
        MicrosoftCode entry = switch (code) {
            case 50076 -> new MicrosoftCode(400, "invalid_grant", "Due to a configuration change made by your administrator,"
                    + " or because you moved to a new location, you must use multi-factor authentication to access '"
                    + GRAPH + "'.", "basic_action", MFA_CLAIMS);
            case 50078 -> new MicrosoftCode(400, "invalid_grant", "Presented multi-factor authentication has expired due to"
                    + " policies configured by your administrator, you must refresh your multi-factor authentication to"
                    + " access '" + GRAPH + "'.", "basic_action", MFA_CLAIMS);
            case 50173 -> new MicrosoftCode(400, "invalid_grant", "The provided grant has expired due to it being revoked,"
                    + " a fresh auth token is needed. Either an admin or a user revoked the tokens for this user.",
                    "bad_token", null);
            case 65001 -> new MicrosoftCode(400, "invalid_grant", "The user or administrator has not consented to use the"
                    + " application with ID '{client}'. Send an interactive authorization request for this user and"
                    + " resource.", "consent_required", null);
            case 70000 -> new MicrosoftCode(400, "invalid_grant", "Provided grant is invalid or malformed.", null, null);
            case 70008 -> new MicrosoftCode(400, "invalid_grant", "The provided authorization code or refresh token has"
                    + " expired due to inactivity. Send a new interactive authorization request for this user and"
                    + " resource.", null, null);
            case 70043 -> new MicrosoftCode(400, "invalid_grant", "The refresh token has expired or is invalid due to"
                    + " sign-in frequency checks by conditional access.", "bad_token", null);
            case 700082 -> new MicrosoftCode(400, "invalid_grant", "The refresh token has expired due to inactivity."
                    + " The token was issued on a date and was inactive for 90.00:00:00.", "bad_token", null);
            case 54005 -> new MicrosoftCode(400, "invalid_grant", "OAuth2 Authorization code was already redeemed, please"
                    + " retry with a new valid code or use an existing refresh token.", null, null);
            case 501481 -> new MicrosoftCode(400, "invalid_grant", "The Code_Verifier does not match the code_challenge"
                    + " supplied in the authorization request.", null, null);
            case 50011 -> new MicrosoftCode(400, "invalid_grant", "The redirect URI specified in the request does not"
                    + " match the redirect URIs configured for the application '{client}'.", null, null);
            case 7000215 -> new MicrosoftCode(401, "invalid_client", "Invalid client secret provided. Ensure the secret"
                    + " being sent in the request is the client secret value, not the client secret ID, for a secret"
                    + " added to app '{client}'.", null, null);
            case 7000222 -> new MicrosoftCode(401, "invalid_client", "The provided client secret keys for app '{client}'"
                    + " are expired.", null, null);
            case 700016 -> new MicrosoftCode(400, "unauthorized_client", "Application with identifier '{client}' was not"
                    + " found in the directory 'simulated'.", null, null);
            case 70011 -> new MicrosoftCode(400, "invalid_scope", "The provided value for the input parameter 'scope' is"
                    + " not valid.", null, null);
            case 70003 -> new MicrosoftCode(400, "unsupported_grant_type", "The app requested an unsupported grant type.",
                    null, null);
            case 900144 -> new MicrosoftCode(400, "invalid_request", "The request body must contain the following"
                    + " parameter: 'grant_type'.", null, null);
            case 9002313 -> new MicrosoftCode(400, "invalid_grant", "Invalid request. Request is malformed or invalid.",
                    null, null);
            default -> null;
        };
        return Optional.ofNullable(entry);
    }

    record MicrosoftCode(int httpStatus, String error, String message, String suberror, String claims) {
    }
}
