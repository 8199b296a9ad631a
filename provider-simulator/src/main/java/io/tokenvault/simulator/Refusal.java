package io.tokenvault.simulator;

/**
 * Why the simulated provider refused a token or revocation request. The client's
 * {@link ErrorStyle} decides how each reason is worded on the wire.
 */
public enum Refusal {
    /** The refresh token (or code) was never issued, or belongs to another client. */
    UNKNOWN_TOKEN,
    /** A rotated refresh token presented again after its rotation, reuse detection off. */
    TOKEN_SPENT,
    /** The grant was revoked: by the user, through RFC 7009, or by the test. */
    REVOKED,
    /** An administrator revoked the app for every user ({@link ProviderSimulator#revokeClient}). */
    ADMIN_REVOKED,
    /** The user changed their password and the provider revoked all their grants. */
    PASSWORD_CHANGED,
    /** The refresh token passed its maximum age (Google "Testing" apps: 7 days). */
    EXPIRED,
    /** The refresh token was not used for longer than the provider's inactivity limit. */
    EXPIRED_FOR_INACTIVITY,
    /** A spent rotated refresh token was replayed; the whole grant was revoked (RFC 9700). */
    REUSE_DETECTED,
    /** A newer consent of the same user for the same client replaced this grant. */
    SUPERSEDED,
    /** The provider evicted the grant because the user holds too many (Google: 100 per client). */
    GRANT_EVICTED,
    /** Conditional access requires multi-factor authentication (Microsoft AADSTS50076). */
    MFA_REQUIRED,
    /** A re-authentication policy demands a fresh sign-in (Google {@code invalid_rapt}). */
    REAUTH_REQUIRED,
    /** Consent is missing or was withdrawn (Microsoft AADSTS65001). */
    CONSENT_REQUIRED,
    /** The authorization code is unknown or was issued to another client. */
    CODE_INVALID,
    /** The authorization code is older than its ten-minute lifetime. */
    CODE_EXPIRED,
    /** The authorization code was already redeemed; its grant is revoked (RFC 6749 §4.1.2). */
    CODE_REDEEMED,
    /** The authorization request carried a PKCE challenge and the token request no verifier. */
    PKCE_MISSING,
    /** The PKCE verifier does not match the challenge (or came without one). */
    PKCE_MISMATCH,
    /** The token request's redirect URI differs from the authorization request's. */
    REDIRECT_URI_MISMATCH,
    /** The client presented a secret that is not one of its current secrets. */
    INVALID_CLIENT_SECRET,
    /** No client with that identifier is registered, or none was presented. */
    UNKNOWN_CLIENT,
    /** The requested scope exceeds what the grant holds. */
    INVALID_SCOPE,
    /** The {@code grant_type} is missing or not supported. */
    UNSUPPORTED_GRANT_TYPE,
    /** The request is malformed (missing or repeated parameter, two authentication methods, ...). */
    INVALID_REQUEST
}
