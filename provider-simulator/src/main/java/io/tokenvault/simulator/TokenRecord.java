package io.tokenvault.simulator;

import java.time.Instant;
import java.util.Set;

/** One issued access or refresh token and the grant it belongs to. */
record TokenRecord(Kind kind, Grant grant, Instant issuedAt, Instant expiresAt, Set<String> scopes) {

    enum Kind { ACCESS, REFRESH }

    /** An access token that still works at {@code now}: unexpired and its grant alive. */
    boolean validAccessTokenAt(Instant now) {
        return kind == Kind.ACCESS && now.isBefore(expiresAt) && grant.alive();
    }
}
