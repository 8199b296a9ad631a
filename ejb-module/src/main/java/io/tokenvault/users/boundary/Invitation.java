package io.tokenvault.users.boundary;

import java.time.Instant;

/**
 * A new user's one-time invitation: the token goes into the link the inviter hands over, is shown this once and is
 * stored only as a hash. {@code toString()} never shows it.
 */
public record Invitation(UserView user, String token, Instant expiresAt) {

    /** The path (under the UI's base URL) at which the invited user chooses a password. */
    public String path() {
        return "/invite.xhtml?token=" + token;
    }

    @Override
    public String toString() {
        return "Invitation[" + user.username() + ", expires " + expiresAt + "]";
    }
}
