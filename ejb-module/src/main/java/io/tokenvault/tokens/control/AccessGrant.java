package io.tokenvault.tokens.control;

import java.time.Instant;
import java.util.Set;

/** A valid access token handed to a caller. {@code toString()} never shows the token. */
public record AccessGrant(String accessToken, String tokenType, Instant expiresAt, Set<String> scopes) {

    @Override
    public String toString() {
        return "AccessGrant[tokenType=" + tokenType + ", accessToken=****, expiresAt=" + expiresAt + "]";
    }
}
