package io.tokenvault.simulator;

import java.util.Set;

/**
 * What the simulated user answers on the consent screen. The authorization endpoint applies it at
 * once and redirects back, so tests never drive a browser.
 *
 * @param decision      grant everything, grant a subset, or deny
 * @param allowedScopes for {@link Decision#GRANT_SUBSET}: the scopes the user leaves ticked
 */
public record Consent(Decision decision, Set<String> allowedScopes) {

    /** The user's choice. */
    public enum Decision { GRANT_ALL, GRANT_SUBSET, DENY }

    public Consent {
        allowedScopes = Set.copyOf(allowedScopes);
    }

    /** The user approves every requested scope. */
    public static Consent grantAll() {
        return new Consent(Decision.GRANT_ALL, Set.of());
    }

    /** Granular consent: of the requested scopes, only those listed here are granted. */
    public static Consent grantOnly(String... scopes) {
        return new Consent(Decision.GRANT_SUBSET, Set.of(scopes));
    }

    /** The user clicks "Cancel": the redirect carries {@code error=access_denied}. */
    public static Consent deny() {
        return new Consent(Decision.DENY, Set.of());
    }
}
