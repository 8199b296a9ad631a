package io.tokenvault.notices.control;

/** What a notice is about. */
public enum NoticeKind {
    /** Grants of an app will reach their hard expiry soon. */
    EXPIRY_FORECAST,
    /** An app's client ID changed: its grants belong to the old client and need re-consent. */
    CLIENT_ID_CHANGED,
    /** Many grants of one app were refused together (revocation, a deleted app, a rotated provider secret). */
    MASS_REVOCATION,
    /** A client-secret rollover succeeded or failed. */
    SECRET_ROLLOVER
}
