package io.tokenvault.simulator;

/** When a code exchange yields a refresh token, per the provider's quirk. */
public enum OfflineAccessRule {
    /** Every code exchange returns a refresh token. */
    ALWAYS,
    /** Google: only when the authorization request carried {@code access_type=offline}. */
    GOOGLE_ACCESS_TYPE_OFFLINE,
    /** Microsoft: only when the {@code offline_access} scope was requested (and granted). */
    MICROSOFT_OFFLINE_ACCESS_SCOPE,
    /** The provider never issues refresh tokens. */
    NEVER
}
