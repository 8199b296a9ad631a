package io.tokenvault.simulator;

/** The shape of issued access tokens. */
public enum AccessTokenFormat {
    /** Random strings that reveal nothing (Google style). */
    OPAQUE,
    /** RS256-signed JWTs (RFC 9068) whose {@code iat}/{@code exp} follow the provider clock. */
    JWT
}
