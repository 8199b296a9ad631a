package io.tokenvault.apps.entity;

/** The life of a client secret: staged, active, kept as fallback during a rollover, retired; or failed verification. */
public enum CredentialState {
    STAGED, ACTIVE, RETIRING, RETIRED, FAILED
}
